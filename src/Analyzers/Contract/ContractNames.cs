using System;
using System.Collections.Immutable;

namespace SignalContract.Analyzers.Contract;

/// <summary>Matching rules shared by the sections of the contract.</summary>
internal static class ContractNames
{
    /// <summary>
    /// A name is inside a namespace when it equals it or continues it after a separator: any character other than a
    /// letter or digit that OpenTelemetry's instrument-name syntax allows, so '.', '_', '-' or '/'. Whether the name then
    /// spells its words in the contract's style is the style rule's question, not this one's.
    /// </summary>
    public static bool IsInsideNamespace(string name, string ns)
    {
        if (!name.StartsWith(ns, StringComparison.Ordinal))
        {
            return false;
        }

        return name.Length == ns.Length || IsSeparator(name[ns.Length]);
    }

    private static bool IsSeparator(char c) => c is '.' or '_' or '-' or '/';

    /// <summary>True when no namespaces are set (nothing enforced) or the name is inside one of them.</summary>
    public static bool IsInsideAny(string name, ImmutableArray<string> namespaces)
    {
        if (namespaces.IsEmpty)
        {
            return true;
        }

        foreach (string ns in namespaces)
        {
            if (IsInsideNamespace(name, ns))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entry of <paramref name="names"/> with the same words as <paramref name="name"/>, or null.</summary>
    public static string? FindByWords(string name, ImmutableArray<string> names)
    {
        foreach (string candidate in names)
        {
            if (NameWords.SameWords(name, candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
