using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// A type of the compilation that holds one span and ends it when disposed, such as
/// <c>readonly struct CommandScope(Activity? activity) : IDisposable { public void Dispose() =&gt; activity?.Stop(); }</c>.
/// A holder made with a started span owns it, so a variable that receives one must dispose it as it would end the span.
/// <para>
/// The definition is strict, so that a type is only taken for one when ending it surely ends the span: a class or
/// struct of this compilation, not abstract, implementing <see cref="IDisposable"/> itself; exactly one instance field
/// (or auto-property, or primary-constructor parameter) of a span type; and a <c>Dispose</c> whose own statements end
/// that span (directly, with <c>?.</c>, or under a null test of it), not only some of its paths.
/// </para>
/// </summary>
internal sealed class SpanHolder
{
    /// <summary>A constructor that starts the span itself rather than store one it is given.</summary>
    private const int StartsItself = -1;

    private readonly ISymbol _member;
    private readonly IMethodSymbol _dispose;
    private readonly HashSet<IMethodSymbol> _endingMethods;
    private readonly HashSet<IMethodSymbol> _conditionallyEndingMethods;
    private readonly Dictionary<IMethodSymbol, int> _storingConstructors;

    private SpanHolder(
        SpanApi api,
        ISymbol member,
        IMethodSymbol dispose,
        HashSet<IMethodSymbol> endingMethods,
        HashSet<IMethodSymbol> conditionallyEndingMethods,
        Dictionary<IMethodSymbol, int> storingConstructors,
        IPropertySymbol? spanProperty)
    {
        Api = api;
        _member = member;
        _dispose = dispose;
        _endingMethods = endingMethods;
        _conditionallyEndingMethods = conditionallyEndingMethods;
        _storingConstructors = storingConstructors;
        SpanProperty = spanProperty;
    }

    public SpanApi Api { get; }

    /// <summary>The one accessible instance property of a span type, through which callers reach the span; else null.</summary>
    public IPropertySymbol? SpanProperty { get; }

    /// <summary>True for <c>Dispose</c> and the other methods whose own statements end the span.</summary>
    public bool Ends(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(method, _dispose) || _endingMethods.Contains(method);
    }

    /// <summary>True for a method that ends the span on some paths only: a caller of it is not judged.</summary>
    public bool EndsSometimes(IMethodSymbol method) => _conditionallyEndingMethods.Contains(method.OriginalDefinition);

    /// <summary>What <paramref name="creation"/> of this holder holds: a started span, nothing, or something else.</summary>
    public SpanValueKind Classify(IObjectCreationOperation creation, TracingTypes types, Func<ILocalReferenceOperation, SpanValueKind>? locals)
    {
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation assignment && IsMember(assignment.Target, _member))
                {
                    return SpanValue.Classify(assignment.Value, types, locals);
                }
            }
        }

        if (creation.Constructor is not { } constructor)
        {
            return SpanValueKind.Other;
        }

        int ordinal;
        if (_member is IParameterSymbol parameter)
        {
            if (!SymbolEqualityComparer.Default.Equals(constructor.OriginalDefinition, parameter.ContainingSymbol))
            {
                return SpanValueKind.Other;
            }

            ordinal = parameter.Ordinal;
        }
        else if (!_storingConstructors.TryGetValue(constructor.OriginalDefinition, out ordinal))
        {
            return SpanValueKind.Other;
        }

        if (ordinal == StartsItself)
        {
            return SpanValueKind.Started;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return SpanValue.Classify(argument.Value, types, locals);
            }
        }

        return SpanValueKind.Other;
    }

    /// <summary>The holder <paramref name="type"/> is, or null; reads the bodies of its members once.</summary>
    public static SpanHolder? Infer(INamedTypeSymbol type, Compilation compilation, TracingTypes types)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract || type.IsStatic
            || FindDispose(type, compilation) is not { } dispose
            || FindSpanMember(type, types) is not { } member
            || types.SpanApiOf(TypeOf(member)) is not { } api)
        {
            return null;
        }

        if (!EndsAtTopLevel(MethodBodies.Read(dispose, compilation), member, types))
        {
            return null;
        }

        var ending = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var sometimes = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var storing = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        IPropertySymbol? spanProperty = null;
        int spanProperties = 0;
        foreach (var candidate in type.GetMembers())
        {
            switch (candidate)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method
                    when !SymbolEqualityComparer.Default.Equals(method, dispose):
                    var body = MethodBodies.Read(method, compilation);
                    if (EndsAtTopLevel(body, member, types))
                    {
                        ending.Add(method);
                    }
                    else if (body is not null && EndsAnywhere(body, member, types))
                    {
                        sometimes.Add(method);
                    }

                    break;
                case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor when member is IFieldSymbol:
                    if (StoredBy(MethodBodies.Read(constructor, compilation), member, constructor, types) is int stored)
                    {
                        storing.Add(constructor, stored);
                    }

                    break;
                case IPropertySymbol { IsStatic: false, GetMethod: { } getter } property
                    when types.SpanApiOf(property.Type) is not null && IsVisibleInCompilation(property) && IsVisibleInCompilation(getter):
                    spanProperty = property;
                    spanProperties++;
                    break;
            }
        }

        return new SpanHolder(api, member, dispose, ending, sometimes, storing, spanProperties == 1 ? spanProperty : null);
    }

    /// <summary>True when <paramref name="operation"/>, inside the holder, reads the held span: the field, its auto-property, or the parameter.</summary>
    private static bool IsMember(IOperation operation, ISymbol member)
    {
        switch (SpanOwnership.SkipConversions(operation))
        {
            case IFieldReferenceOperation field:
                return SymbolEqualityComparer.Default.Equals(field.Field.OriginalDefinition, member) && IsThis(field.Instance);
            case IPropertyReferenceOperation property:
                return member is IFieldSymbol { AssociatedSymbol: { } associated }
                    && SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, associated)
                    && IsThis(property.Instance);
            case IParameterReferenceOperation parameter:
                return SymbolEqualityComparer.Default.Equals(parameter.Parameter.OriginalDefinition, member);
            default:
                return false;
        }
    }

    // this.field, or the implicit receiver of an object initializer (new Scope { Activity = ... }).
    private static bool IsThis(IOperation? instance) =>
        instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance or InstanceReferenceKind.ImplicitReceiver };

    private static bool IsVisibleInCompilation(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    private static ITypeSymbol TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        _ => ((IParameterSymbol)member).Type,
    };

    /// <summary>The type's own implementation of <see cref="IDisposable.Dispose"/>, with a body.</summary>
    private static IMethodSymbol? FindDispose(INamedTypeSymbol type, Compilation compilation)
    {
        var disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
        bool implements = false;
        foreach (var implemented in type.AllInterfaces)
        {
            implements |= SymbolEqualityComparer.Default.Equals(implemented, disposable);
        }

        if (!implements)
        {
            return null;
        }

        foreach (var member in disposable.GetMembers("Dispose"))
        {
            if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol dispose
                && SymbolEqualityComparer.Default.Equals(dispose.ContainingType, type))
            {
                return dispose;
            }
        }

        return null;
    }

    /// <summary>The one instance field of a span type (an auto-property's included), else the one primary-constructor parameter.</summary>
    private static ISymbol? FindSpanMember(INamedTypeSymbol type, TracingTypes types)
    {
        ISymbol? found = null;
        foreach (var member in type.GetMembers())
        {
            // A captured primary-constructor parameter may show as a field the compiler made: the parameter stands for it.
            if (member is IFieldSymbol { IsStatic: false } field && types.SpanApiOf(field.Type) is not null
                && (!field.IsImplicitlyDeclared || field.AssociatedSymbol is not null))
            {
                if (found is not null)
                {
                    return null;
                }

                found = field;
            }
        }

        if (found is not null)
        {
            return found;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            var references = constructor.DeclaringSyntaxReferences;
            if (references.Length != 1 || references[0].GetSyntax() is not TypeDeclarationSyntax)
            {
                continue;
            }

            foreach (var parameter in constructor.Parameters)
            {
                if (types.SpanApiOf(parameter.Type) is not null)
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = parameter;
                }
            }
        }

        return found;
    }

    /// <summary>True when a statement of the body itself, or one under a null test of the span, ends the span.</summary>
    private static bool EndsAtTopLevel(IOperation? body, ISymbol member, TracingTypes types) =>
        EndsInAny(MethodBodies.Statements(body), member, types);

    private static bool EndsInAny(ImmutableArray<IOperation> statements, ISymbol member, TracingTypes types)
    {
        foreach (var statement in statements)
        {
            if (EndsInStatement(statement, member, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsInStatement(IOperation statement, ISymbol member, TracingTypes types)
    {
        switch (statement)
        {
            case IExpressionStatementOperation { Operation: var expression }:
                var call = expression as IInvocationOperation ?? (expression as IConditionalAccessOperation)?.WhenNotNull as IInvocationOperation;
                return call is not null && EndsMember(call, member, types);
            case IConditionalOperation { WhenFalse: null } test when IsNotNullTest(test.Condition, member):
                return test.WhenTrue is IBlockOperation block
                    ? EndsInAny(block.Operations, member, types)
                    : EndsInStatement(test.WhenTrue, member, types);
            default:
                return false;
        }
    }

    private static bool EndsMember(IInvocationOperation call, ISymbol member, TracingTypes types) =>
        types.IsSpanEnd(call) && call.Instance is { } instance && IsMember(SpanReceiver.Of(instance), member);

    private static bool IsNotNullTest(IOperation condition, ISymbol member) => SpanOwnership.SkipConversions(condition) switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } comparison =>
            (IsMember(comparison.LeftOperand, member) && IsNull(comparison.RightOperand))
            || (IsMember(comparison.RightOperand, member) && IsNull(comparison.LeftOperand)),
        IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern =>
            IsMember(pattern.Value, member) && IsNull(constant.Value),
        _ => false,
    };

    private static bool IsNull(IOperation operation) =>
        SpanOwnership.SkipConversions(operation).ConstantValue is { HasValue: true, Value: null };

    private static bool EndsAnywhere(IOperation body, ISymbol member, TracingTypes types)
    {
        foreach (var operation in MethodBodies.OwnOperations(body))
        {
            if (operation is IInvocationOperation call && EndsMember(call, member, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For a constructor whose own statements set the span field: the ordinal of the parameter it stores, or
    /// <see cref="StartsItself"/> when it stores a span it starts; null otherwise.
    /// </summary>
    private static int? StoredBy(IOperation? body, ISymbol member, IMethodSymbol constructor, TracingTypes types)
    {
        foreach (var statement in MethodBodies.Statements(body))
        {
            if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } && IsMember(assignment.Target, member))
            {
                if (SpanOwnership.SkipConversions(assignment.Value) is IParameterReferenceOperation parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, constructor))
                {
                    return parameter.Parameter.Ordinal;
                }

                return SpanValue.Classify(assignment.Value, types) == SpanValueKind.Started ? StartsItself : null;
            }
        }

        return null;
    }
}
