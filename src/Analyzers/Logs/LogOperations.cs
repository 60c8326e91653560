using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Logs;

/// <summary>Small readings of operations that every part of the logging recognition needs.</summary>
internal static class LogOperations
{
    /// <summary>The value as written: implicit conversions (to object, to a nullable, to string?) removed.</summary>
    public static IOperation WithoutConversions(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }

    /// <summary>The elements of a params array given in expanded form or as an array creation; null for an array variable.</summary>
    public static System.Collections.Immutable.ImmutableArray<IOperation>? ArrayElements(IOperation value)
    {
        value = WithoutConversions(value);
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        if (value is IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes } && sizes[0].ConstantValue is { HasValue: true, Value: 0 })
        {
            return System.Collections.Immutable.ImmutableArray<IOperation>.Empty;
        }

        if (value is IDefaultValueOperation or ILiteralOperation { ConstantValue: { HasValue: true, Value: null } })
        {
            return System.Collections.Immutable.ImmutableArray<IOperation>.Empty;
        }

        return null;
    }

    /// <summary>The string constant of <paramref name="value"/>, or null.</summary>
    public static string? ConstantString(IOperation? value) =>
        value is not null && WithoutConversions(value).ConstantValue is { HasValue: true, Value: string text } ? text : null;
}
