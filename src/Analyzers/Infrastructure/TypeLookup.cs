using Microsoft.CodeAnalysis;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>
/// Finds well-known types at compilation start, and recognises them in code. <see cref="Compilation.GetTypeByMetadataName"/> searches every
/// referenced assembly (a service references nearly two hundred) for each name, so each library is searched that way
/// once, for one anchor type, and the types that ship beside the anchor are looked up in the anchor's assembly only.
/// </summary>
internal static class TypeLookup
{
    /// <summary>
    /// <paramref name="metadataName"/> from the assembly of <paramref name="anchor"/>; null when the anchor is missing,
    /// in which case its library is not referenced. A type the anchor's assembly lacks is searched for everywhere.
    /// </summary>
    public static INamedTypeSymbol? Beside(Compilation compilation, INamedTypeSymbol? anchor, string metadataName)
    {
        if (anchor is null)
        {
            return null;
        }

        return anchor.ContainingAssembly.GetTypeByMetadataName(metadataName) ?? compilation.GetTypeByMetadataName(metadataName);
    }

    /// <summary>
    /// True when <paramref name="type"/> is <paramref name="wellKnown"/> or a construction of it (<c>Counter&lt;long&gt;</c>
    /// is <c>Counter&lt;T&gt;</c>); false when either is missing.
    /// </summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? wellKnown) =>
        type is not null && wellKnown is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, wellKnown);

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type of the core library, the assembly that defines <see cref="object"/>.</summary>
    public static INamedTypeSymbol? InCoreLibrary(Compilation compilation, string metadataName) =>
        Beside(compilation, compilation.GetSpecialType(SpecialType.System_Object), metadataName);
}
