using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Pii;

/// <summary>How a logged object is turned into log data, which decides which of its members reach the log.</summary>
internal enum ExposureKind
{
    /// <summary>
    /// Its text (<c>ToString()</c>, also <c>{$Order}</c>): only records and anonymous types print their members, and a
    /// collection prints its elements.
    /// </summary>
    Text,

    /// <summary>Its structure (Serilog's <c>{@Order}</c>, <c>destructureObjects: true</c>): every public property, nested.</summary>
    Structure,

    /// <summary>
    /// A <c>[LogProperties]</c> parameter: the generator logs each public property, redacting those with a
    /// data-classification attribute and skipping <c>[LogPropertyIgnore]</c>; nested objects are logged as text.
    /// </summary>
    Properties,
}

/// <summary>What a type reveals when it is logged: its members that are personal data, and those that are not.</summary>
internal sealed class ExposedMembers
{
    public static readonly ExposedMembers None = new(ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);

    public ExposedMembers(ImmutableArray<string> personal, ImmutableArray<string> other)
    {
        Personal = personal;
        Other = other;
    }

    /// <summary>Paths of the members that are personal data (<c>Email</c>, <c>Customer.Phone</c>); empty when none.</summary>
    public ImmutableArray<string> Personal { get; }

    /// <summary>The type's own members that neither are nor contain personal data, which a fix can log one by one.</summary>
    public ImmutableArray<string> Other { get; }

    public bool ExposesPersonalData => !Personal.IsEmpty;
}

/// <summary>
/// Which members of a type reach a log, and which of them are personal data: a member whose name contains a PII word
/// (unless its type cannot carry personal data), or that carries a data-classification attribute or Identity's
/// <c>[PersonalData]</c>; nested members count to <see cref="MaxDepth"/> levels. Each type is read once per exposure.
/// </summary>
internal sealed class TypeExposure
{
    /// <summary>How deep nested members are followed: a customer's address's postcode, not further.</summary>
    public const int MaxDepth = 3;

    private readonly PersonalData _judge;
    private readonly PiiTypes _types;

    /// <summary>One table per <see cref="ExposureKind"/>, keyed by the type alone: a tuple key's default comparer costs more than the lookup.</summary>
    private readonly ConcurrentDictionary<ITypeSymbol, ExposedMembers>[] _cache =
    {
        new(SymbolEqualityComparer.Default),
        new(SymbolEqualityComparer.Default),
        new(SymbolEqualityComparer.Default),
    };

    public TypeExposure(PersonalData judge, PiiTypes types)
    {
        _judge = judge;
        _types = types;
    }

    /// <summary>What logging a value of <paramref name="type"/> the <paramref name="kind"/> way reveals.</summary>
    public ExposedMembers Of(ITypeSymbol? type, ExposureKind kind)
    {
        if (type is null || IsScalar(type))
        {
            return ExposedMembers.None;
        }

        var cache = _cache[(int)kind];
        if (!cache.TryGetValue(type, out var exposed))
        {
            exposed = cache.GetOrAdd(type, Read(type, kind, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)));
        }

        return exposed;
    }

    /// <summary>True when the member itself is marked as personal data by an attribute.</summary>
    public bool IsClassified(ISymbol member, bool personalDataOnly)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (TypeLookup.DerivesFrom(attribute.AttributeClass, _types.PersonalDataAttribute)
                || (!personalDataOnly && TypeLookup.DerivesFrom(attribute.AttributeClass, _types.DataClassificationAttribute)
                    && !TypeLookup.Is(attribute.AttributeClass, _types.NoDataClassificationAttribute)
                    && !TypeLookup.Is(attribute.AttributeClass, _types.UnknownDataClassificationAttribute)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the member says, with <c>[NoDataClassification]</c>, that it is not classified data.</summary>
    public bool IsDeclassified(ISymbol member) => HasAttribute(member, _types.NoDataClassificationAttribute);

    private ExposedMembers Read(ITypeSymbol type, ExposureKind kind, HashSet<ITypeSymbol> seen)
    {
        var personal = ImmutableArray.CreateBuilder<string>();
        var other = ImmutableArray.CreateBuilder<string>();
        Collect(type, kind, prefix: string.Empty, depth: 0, seen, personal, other);
        return personal.Count == 0 ? ExposedMembers.None : new ExposedMembers(personal.ToImmutable(), other.ToImmutable());
    }

    private void Collect(ITypeSymbol type, ExposureKind kind, string prefix, int depth, HashSet<ITypeSymbol> seen, ImmutableArray<string>.Builder personal, ImmutableArray<string>.Builder? other)
    {
        if (depth >= MaxDepth || IsScalar(type) || !seen.Add(type))
        {
            return;
        }

        try
        {
            if (ElementType(type) is { } element)
            {
                // A collection is logged element by element: the elements' members are what it exposes.
                Collect(element, kind, prefix, depth, seen, personal, other: null);
                return;
            }

            if (kind == ExposureKind.Text && !PrintsMembers(type))
            {
                return;
            }

            foreach (var member in Members(type, kind))
            {
                var memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
                string path = prefix + member.Name;
                if (IsPersonal(member, memberType, kind))
                {
                    personal.Add(path);
                    continue;
                }

                int before = personal.Count;

                // [LogProperties] logs a nested object as its text; destructuring and records go on into it.
                var nestedKind = kind == ExposureKind.Properties ? ExposureKind.Text : kind;
                Collect(memberType, nestedKind, path + ".", depth + 1, seen, personal, other: null);
                if (personal.Count == before)
                {
                    other?.Add(member.Name);
                }
            }
        }
        finally
        {
            seen.Remove(type);
        }
    }

    private bool IsPersonal(ISymbol member, ITypeSymbol memberType, ExposureKind kind)
    {
        if (IsDeclassified(member))
        {
            return false;
        }

        // The generator redacts classified members of a [LogProperties] parameter; Identity's marker it does not know.
        if (IsClassified(member, personalDataOnly: kind == ExposureKind.Properties))
        {
            return true;
        }

        if (kind == ExposureKind.Properties && IsClassified(member, personalDataOnly: false))
        {
            return false;
        }

        return !_judge.CannotCarry(memberType) && _judge.EntryIn(member.Name) is not null;
    }

    /// <summary>The members the way of logging reads: public instance properties with a getter, and for records' and anonymous types' text their public fields too.</summary>
    private IEnumerable<ISymbol> Members(ITypeSymbol type, ExposureKind kind)
    {
        var names = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || !names.Add(member.Name))
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod: not null } property when !(member.IsImplicitlyDeclared && property.Name == "EqualityContract"):
                        if (kind == ExposureKind.Properties && HasAttribute(property, _types.LogPropertyIgnoreAttribute))
                        {
                            continue;
                        }

                        yield return property;
                        break;
                    case IFieldSymbol { IsImplicitlyDeclared: false } field when kind == ExposureKind.Text:
                        yield return field;
                        break;
                }
            }
        }
    }

    /// <summary>Records and anonymous types print their members in <c>ToString()</c>, unless the record writes its own.</summary>
    private static bool PrintsMembers(ITypeSymbol type)
    {
        if (type.IsAnonymousType)
        {
            return true;
        }

        if (!type.IsRecord)
        {
            return false;
        }

        for (var current = type; current is not null && current.IsRecord; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("ToString"))
            {
                if (member is IMethodSymbol { Parameters.IsEmpty: true, IsImplicitlyDeclared: false })
                {
                    return false;
                }
            }

            foreach (var member in current.GetMembers("PrintMembers"))
            {
                if (!member.IsImplicitlyDeclared)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Strings, primitives, enums, dates and the like are logged as one value, not as members.</summary>
    private static bool IsScalar(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Error or TypeKind.TypeParameter or TypeKind.Pointer or TypeKind.Delegate or TypeKind.Dynamic)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            return IsScalar(nullable.TypeArguments[0]);
        }

        // Framework types (Guid, DateTimeOffset, Uri, exceptions, ...) log as their own text or are not the service's data.
        return type.ContainingNamespace is { } ns && IsSystemNamespace(ns) && ElementType(type) is null;
    }

    private static bool IsSystemNamespace(INamespaceSymbol ns)
    {
        while (ns.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            ns = parent;
        }

        return ns.Name is "System" or "Microsoft";
    }

    /// <summary>The element type of an array or of a generic collection (<c>IEnumerable&lt;T&gt;</c>, not a string), or null.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable)
        {
            return enumerable.TypeArguments[0];
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return implemented.TypeArguments[0];
            }
        }

        return null;
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }
}
