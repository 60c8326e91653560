using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>What a call on a span is really made on, seen through implicit conversions, parentheses and <c>?.</c>.</summary>
internal static class SpanReceiver
{
    public static IOperation Of(IOperation instance)
    {
        var receiver = WithoutConversions(instance);
        if (receiver is IConditionalAccessInstanceOperation)
        {
            // In activity?.SetTag(...), the call's instance is a placeholder for what the nearest ?. tested.
            for (var parent = receiver.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation conditional)
                {
                    return WithoutConversions(conditional.Operation);
                }
            }
        }

        return receiver;
    }

    public static IOperation WithoutConversions(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    public static bool IsLocal(IOperation? receiver, ILocalSymbol local) =>
        receiver is not null
        && Of(receiver) is ILocalReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
