namespace Shop.Checkout.Legacy;

/// <summary>An order as the storefront submits it.</summary>
public sealed record Order(string Id, string CustomerId, decimal Amount, string Currency, string PaymentMethod, string Region);

/// <summary>The payment gateway's answer to one authorization request.</summary>
public sealed record Authorization(bool Approved, bool Transient, string AuthorizationId, string? DeclineReason);

/// <summary>The payment gateway, behind the legacy service's own client.</summary>
public interface IPaymentGateway
{
    System.Threading.Tasks.Task<Authorization> AuthorizeAsync(Order order, System.Threading.CancellationToken cancellationToken);
}
