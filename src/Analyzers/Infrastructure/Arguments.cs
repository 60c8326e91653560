using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>Reading a call's arguments by parameter, whichever order or form (named, positional) the code gives them in.</summary>
internal static class Arguments
{
    /// <summary>The value passed for <paramref name="parameterName"/>, or null when it is absent or left at its default.</summary>
    public static IOperation? ValueOf(ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }
        }

        return null;
    }
}
