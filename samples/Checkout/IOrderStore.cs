using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Shop.Checkout;

/// <summary>Where orders are kept; the storefront queues orders here while the payment gateway is unreachable.</summary>
public interface IOrderStore
{
    Task SaveAsync(Order order, string authorizationId, CancellationToken cancellationToken);

    Task DeleteAsync(string orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> TakeQueuedAsync(int max, CancellationToken cancellationToken);

    Task RequeueAsync(Order order, CancellationToken cancellationToken);
}
