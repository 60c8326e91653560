using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SignalContract.CodeFixes.Traces;

/// <summary>How trace context headers are read from a carrier, which decides the getter the fix writes.</summary>
internal enum CarrierShape
{
    /// <summary><c>IDictionary&lt;string, string&gt;</c> and the dictionaries that implement it.</summary>
    Dictionary,

    /// <summary><c>IReadOnlyDictionary&lt;string, string&gt;</c>.</summary>
    ReadOnlyDictionary,

    /// <summary><c>NameValueCollection</c> and its subclasses (<c>WebHeaderCollection</c>).</summary>
    NameValues,

    /// <summary><c>IEnumerable&lt;KeyValuePair&lt;string, string&gt;&gt;</c>: searched for the header.</summary>
    Pairs,
}

/// <summary>
/// Something in scope that carries the sender's trace context headers: a parameter, local or member of a carrier type,
/// or of a message type with a <c>Headers</c> property of one.
/// </summary>
internal sealed class PropagationCarrier
{
    private PropagationCarrier(string expression, CarrierShape shape)
    {
        Expression = expression;
        Shape = shape;
    }

    /// <summary>The carrier as code: <c>headers</c> or <c>message.Headers</c>.</summary>
    public string Expression { get; }

    public CarrierShape Shape { get; }

    /// <summary>
    /// The carriers usable before <paramref name="statement"/>: parameters of the functions around it (innermost first),
    /// then locals declared before it (nearest first), then fields and properties of its type.
    /// </summary>
    public static List<PropagationCarrier> InScope(SemanticModel model, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var found = new List<PropagationCarrier>();
        var types = new CarrierTypes(model.Compilation);
        int position = statement.SpanStart;
        var function = model.GetEnclosingSymbol(position, cancellationToken);
        bool isStatic = false;
        for (var symbol = function; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
        {
            isStatic |= method.IsStatic && method.MethodKind is not (MethodKind.AnonymousFunction or MethodKind.LocalFunction);
            foreach (var parameter in method.Parameters)
            {
                Add(found, parameter, parameter.Type, types, model, position);
            }
        }

        var locals = new List<ILocalSymbol>();
        foreach (var symbol in model.LookupSymbols(position))
        {
            if (symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].Span.End <= position)
            {
                locals.Add(local);
            }
        }

        locals.Sort((a, b) => b.DeclaringSyntaxReferences[0].Span.Start.CompareTo(a.DeclaringSyntaxReferences[0].Span.Start));
        foreach (var local in locals)
        {
            Add(found, local, local.Type, types, model, position);
        }

        if (function?.ContainingType is { } type)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || (isStatic && !member.IsStatic))
                {
                    continue;
                }

                switch (member)
                {
                    case IFieldSymbol field:
                        Add(found, field, field.Type, types, model, position);
                        break;
                    case IPropertySymbol { IsIndexer: false, GetMethod: not null } property:
                        Add(found, property, property.Type, types, model, position);
                        break;
                }
            }
        }

        return found;
    }

    private static void Add(List<PropagationCarrier> found, ISymbol symbol, ITypeSymbol type, CarrierTypes types, SemanticModel model, int position)
    {
        // The name must reach this symbol where the extraction goes, not a local or parameter that hides it.
        if (!IsWhatTheNameBinds(symbol, model, position))
        {
            return;
        }

        if (types.ShapeOf(type) is { } shape)
        {
            found.Add(new PropagationCarrier(symbol.Name, shape));
            return;
        }

        foreach (var member in AllMembers(type, "Headers"))
        {
            if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } headers
                && model.IsAccessible(position, headers.GetMethod)
                && types.ShapeOf(headers.Type) is { } headersShape)
            {
                found.Add(new PropagationCarrier(symbol.Name + ".Headers", headersShape));
                return;
            }
        }
    }

    private static bool IsWhatTheNameBinds(ISymbol symbol, SemanticModel model, int position)
    {
        var bound = model.LookupSymbols(position, name: symbol.Name);
        return bound.Length > 0 && SymbolEqualityComparer.Default.Equals(bound[0], symbol);
    }

    private static IEnumerable<ISymbol> AllMembers(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                yield return member;
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                foreach (var member in implemented.GetMembers(name))
                {
                    yield return member;
                }
            }
        }
    }

    private sealed class CarrierTypes
    {
        private readonly INamedTypeSymbol? _dictionary;
        private readonly INamedTypeSymbol? _readOnlyDictionary;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly INamedTypeSymbol? _keyValuePair;
        private readonly INamedTypeSymbol? _nameValueCollection;

        public CarrierTypes(Compilation compilation)
        {
            _dictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
            _readOnlyDictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
            _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
            _keyValuePair = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair`2");
            _nameValueCollection = compilation.GetTypeByMetadataName("System.Collections.Specialized.NameValueCollection");
        }

        public CarrierShape? ShapeOf(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_String)
            {
                return null;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _nameValueCollection))
                {
                    return CarrierShape.NameValues;
                }
            }

            CarrierShape? shape = null;
            foreach (var candidate in SelfAndInterfaces(type))
            {
                if (IsOfStrings(candidate, _dictionary))
                {
                    return CarrierShape.Dictionary;
                }

                if (IsOfStrings(candidate, _readOnlyDictionary))
                {
                    shape = CarrierShape.ReadOnlyDictionary;
                }
                else if (shape is null
                    && IsConstructionOf(candidate, _enumerable, out var element)
                    && element is INamedTypeSymbol pair
                    && IsOfStrings(pair, _keyValuePair))
                {
                    shape = CarrierShape.Pairs;
                }
            }

            return shape;
        }

        private static IEnumerable<ITypeSymbol> SelfAndInterfaces(ITypeSymbol type)
        {
            yield return type;
            foreach (var implemented in type.AllInterfaces)
            {
                yield return implemented;
            }
        }

        /// <summary><paramref name="type"/> is <paramref name="generic"/>&lt;string, string&gt;.</summary>
        private static bool IsOfStrings(ITypeSymbol type, INamedTypeSymbol? generic) =>
            type is INamedTypeSymbol { TypeArguments.Length: 2 } named
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, generic)
            && named.TypeArguments[0].SpecialType == SpecialType.System_String
            && named.TypeArguments[1].SpecialType == SpecialType.System_String;

        private static bool IsConstructionOf(ITypeSymbol type, INamedTypeSymbol? generic, out ITypeSymbol? argument)
        {
            argument = null;
            if (type is INamedTypeSymbol { TypeArguments.Length: 1 } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, generic))
            {
                argument = named.TypeArguments[0];
                return true;
            }

            return false;
        }
    }
}
