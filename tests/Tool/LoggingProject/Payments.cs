using Serilog;
using Serilog.Context;
using Serilog.Core;

namespace Shop.Logging;

/// <summary>Serilog: the static and instance loggers, ForContext, LogContext and a wrapper.</summary>
public sealed class PaymentJob
{
    private readonly ILogger _log = Log.ForContext("job", "payments");

    public void Run(string requestId, string paymentId)
    {
        using (LogContext.PushProperty("request_id", requestId))
        {
            _log.Information("Charging {payment_id}", paymentId);
            Log.ForContext("attempt", 1).Warning("Retrying {payment_id}", paymentId);
        }
    }

    public void Refund(string paymentId) => Audit("Refunded {payment_id}", paymentId);

    [MessageTemplateFormatMethod("messageTemplate")]
    public void Audit(string messageTemplate, params object[] values) => _log.Information(messageTemplate, values);

    public void Note(string message) => _log.Information(message);
}
