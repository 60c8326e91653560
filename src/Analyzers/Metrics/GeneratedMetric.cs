using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>A label key given in source: its text and where a diagnostic about it goes.</summary>
internal readonly struct TagKey
{
    public TagKey(string key, Location location, bool isLiteral)
    {
        Key = key;
        Location = location;
        IsLiteral = isLiteral;
    }

    public string Key { get; }

    public Location Location { get; }

    public bool IsLiteral { get; }
}

/// <summary>
/// A metric declared for the Microsoft.Extensions.Telemetry metrics source generator: a partial method with
/// <c>[Counter]</c>, <c>[Histogram]</c> or <c>[Gauge]</c>. Its name is the attribute's <c>Name</c>, or the method's
/// return type name (the generator's rule); its tags are the attribute's tag names, or the public fields and properties
/// of the strongly typed tag object, named by <c>[TagName]</c> or by the member's own name.
/// </summary>
internal sealed class GeneratedMetric
{
    private GeneratedMetric(InstrumentKind kind, string name, Location nameLocation, bool nameIsLiteral, Location attributeLocation, ImmutableArray<TagKey>? tags)
    {
        Kind = kind;
        Name = name;
        NameLocation = nameLocation;
        NameIsLiteral = nameIsLiteral;
        AttributeLocation = attributeLocation;
        Tags = tags;
    }

    public InstrumentKind Kind { get; }

    public string Name { get; }

    public Location NameLocation { get; }

    public bool NameIsLiteral { get; }

    public Location AttributeLocation { get; }

    /// <summary>Null when the tags cannot be read (error types, non-constant arguments).</summary>
    public ImmutableArray<TagKey>? Tags { get; }

    /// <summary>
    /// The generator reads only partial methods with attributes. Checking the syntax first spares binding the attributes
    /// of every other method in the compilation.
    /// </summary>
    private static bool IsAttributedPartial(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax { AttributeLists.Count: > 0 } declaration
                && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    public static List<GeneratedMetric>? Read(IMethodSymbol method, MetricsTypes types, CancellationToken cancellationToken)
    {
        // A partial method has two symbols; the defining part carries the attributes.
        if (method.PartialDefinitionPart is not null || method.Locations.IsEmpty || !IsAttributedPartial(method, cancellationToken))
        {
            return null;
        }

        List<GeneratedMetric>? metrics = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (types.GeneratedKind(attribute.AttributeClass) is not { } kind
                || attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            {
                continue;
            }

            string? name = null;
            Location nameLocation = method.Locations[0];
            bool literal = false;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name" && named.Value.Value is string given)
                {
                    name = given;
                    foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
                    {
                        if (argument.NameEquals?.Name.Identifier.ValueText == "Name")
                        {
                            nameLocation = argument.Expression.GetLocation();
                            literal = argument.Expression is LiteralExpressionSyntax;
                        }
                    }
                }
            }

            if (name is null)
            {
                if (method.ReturnType.TypeKind == TypeKind.Error && method.ReturnType.Name.Length == 0)
                {
                    continue;
                }

                name = method.ReturnType.Name;
            }

            metrics ??= new List<GeneratedMetric>();
            metrics.Add(new GeneratedMetric(kind, name, nameLocation, literal, syntax.GetLocation(), ReadTags(attribute, syntax, types)));
        }

        return metrics;
    }

    private static ImmutableArray<TagKey>? ReadTags(AttributeData attribute, AttributeSyntax syntax, MetricsTypes types)
    {
        if (attribute.ConstructorArguments.Length != 1)
        {
            return attribute.ConstructorArguments.IsEmpty ? ImmutableArray<TagKey>.Empty : null;
        }

        var argument = attribute.ConstructorArguments[0];
        var positional = new List<AttributeArgumentSyntax>();
        foreach (var written in syntax.ArgumentList?.Arguments ?? default)
        {
            if (written.NameEquals is null && written.NameColon is null)
            {
                positional.Add(written);
            }
        }

        if (argument.Kind == TypedConstantKind.Array)
        {
            var tags = ImmutableArray.CreateBuilder<TagKey>(argument.Values.Length);
            for (int i = 0; i < argument.Values.Length; i++)
            {
                if (argument.Values[i].Value is not string key)
                {
                    return null;
                }

                // params arrays map one written argument to one tag; an explicit array gives one location for all.
                var location = positional.Count == argument.Values.Length ? positional[i].Expression.GetLocation() : syntax.GetLocation();
                bool literal = positional.Count == argument.Values.Length && positional[i].Expression is LiteralExpressionSyntax;
                tags.Add(new TagKey(key, location, literal));
            }

            return tags.MoveToImmutable();
        }

        if (argument.Kind == TypedConstantKind.Type && argument.Value is INamedTypeSymbol { TypeKind: not TypeKind.Error } tagType)
        {
            var tags = ImmutableArray.CreateBuilder<TagKey>();
            foreach (var member in tagType.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared
                    || member is not (IFieldSymbol or IPropertySymbol { IsIndexer: false }) || member.Locations.IsEmpty)
                {
                    continue;
                }

                string key = member.Name;
                var location = member.Locations[0];
                bool literal = false;
                foreach (var memberAttribute in member.GetAttributes())
                {
                    if (TypeLookup.Is(memberAttribute.AttributeClass, types.TagNameAttribute)
                        && memberAttribute.ConstructorArguments.Length == 1 && memberAttribute.ConstructorArguments[0].Value is string tagName)
                    {
                        key = tagName;
                        if (memberAttribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments.Count: 1 } tagSyntax)
                        {
                            location = tagSyntax.ArgumentList.Arguments[0].Expression.GetLocation();
                            literal = tagSyntax.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax;
                        }
                    }
                }

                tags.Add(new TagKey(key, location, literal));
            }

            return tags.ToImmutable();
        }

        return null;
    }
}
