using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Logs;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>
/// Fix All of the logging rules as <c>dotnet format analyzers</c> asks for it: one analyzer reports OBS2001–OBS2004, so
/// the request may carry the key of another of them, an empty key, or none. Each finding of the rule still gets its fix.
/// </summary>
public class LogsFixAllWithAnyKeyTests
{
    private const string Contract = """
        { "version": 1, "logs": { "requiredFields": ["request_id"], "fieldStyle": "snake_case", "fields": ["order_id"] } }
        """;

    [Theory]
    [InlineData(LogExceptionCodeFix.PassExceptionKey)]
    [InlineData(RequiredFieldCodeFix.SupplyFieldsKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task FieldSpellings_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using Microsoft.Extensions.Logging;

            class Orders(ILogger<Orders> logger)
            {
                void Place(string requestId, int orderId) =>
                    logger.LogInformation("Order {OrderId} placed for {request_id}", orderId, requestId);

                void Ship(string requestId, int orderId) =>
                    logger.LogInformation("Order {orderId} shipped for {request_id}", orderId, requestId);
            }
            """;
        const string expected = """
            using Microsoft.Extensions.Logging;

            class Orders(ILogger<Orders> logger)
            {
                void Place(string requestId, int orderId) =>
                    logger.LogInformation("Order {order_id} placed for {request_id}", orderId, requestId);

                void Ship(string requestId, int orderId) =>
                    logger.LogInformation("Order {order_id} shipped for {request_id}", orderId, requestId);
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS2002", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(LogFieldSpellingCodeFix.RenameFieldKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task ExceptionsNotPassed_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System;
            using Microsoft.Extensions.Logging;

            class Payments(ILogger<Payments> logger)
            {
                void Pay(string requestId)
                {
                    try
                    {
                        Charge();
                    }
                    catch (InvalidOperationException ex)
                    {
                        logger.LogError("Payment failed for {request_id}: {reason}", requestId, ex.Message);
                    }
                    catch (TimeoutException ex)
                    {
                        logger.LogWarning("Payment timed out for {request_id}: {reason}", requestId, ex.Message);
                    }
                }

                static void Charge()
                {
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS2004", key, source, Contract);

        Assert.Contains("""logger.LogError(ex, "Payment failed for {request_id}", requestId);""", fixedFiles.Source);
        Assert.Contains("""logger.LogWarning(ex, "Payment timed out for {request_id}", requestId);""", fixedFiles.Source);
    }
}
