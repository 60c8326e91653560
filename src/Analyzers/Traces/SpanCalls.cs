using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// The calls that name spans and give them attributes: span creations (<c>StartActivity</c>, <c>CreateActivity</c>,
/// the <c>Tracer</c> starts, <c>new Activity(name)</c>), the sources and tracers they come from, and the tag calls
/// (<c>SetTag</c>, <c>AddTag</c>, <c>SetAttribute</c>). OBS3003–OBS3006 judge what these find; the signalcontract tool
/// lists it.
/// </summary>
internal static class SpanCalls
{
    /// <summary>StartActivity, CreateActivity, and the Tracer span starts: every call that names a span.</summary>
    public static bool IsSpanCreation(IMethodSymbol method, TracingTypes types) => method.Name switch
    {
        // The name first: it rules out nearly every call without touching the containing type.
        "StartActivity" or "CreateActivity" => Is(method.ContainingType, types.ActivitySource),
        "StartActiveSpan" or "StartSpan" or "StartRootSpan" => Is(method.ContainingType, types.Tracer),
        _ => false,
    };

    public static bool IsTracerProviderGetTracer(IMethodSymbol method, TracingTypes types) =>
        method.Name == "GetTracer" && Is(method.ContainingType, types.TracerProvider);

    /// <summary>
    /// The name argument of a new source or tracer: <c>new ActivitySource(name)</c> or <c>provider.GetTracer(name)</c>;
    /// null for other operations.
    /// </summary>
    public static IArgumentOperation? SourceNameArgument(IOperation operation, TracingTypes types) => operation switch
    {
        IObjectCreationOperation { Constructor: not null } creation when Is(creation.Type, types.ActivitySource) => NamedArgument(creation.Arguments, "name"),
        IInvocationOperation invocation when IsTracerProviderGetTracer(invocation.TargetMethod, types) => NamedArgument(invocation.Arguments, "name"),
        _ => null,
    };

    /// <summary>The constant span name an expression starts a span with, following <c>new Activity(name).Start()</c>.</summary>
    public static string? ConstantSpanName(IOperation? operation, TracingTypes types)
    {
        operation = operation is null ? null : SpanReceiver.WithoutConversions(operation);
        if (operation is IInvocationOperation invocation)
        {
            if (IsSpanCreation(invocation.TargetMethod, types))
            {
                return ConstantOf(NamedArgument(invocation.Arguments, "name"));
            }

            if (types.IsSpanStart(invocation) && invocation.Instance is IObjectCreationOperation)
            {
                return ConstantSpanName(invocation.Instance, types);
            }

            return null;
        }

        if (operation is IObjectCreationOperation creation && Is(creation.Type, types.Activity))
        {
            return ConstantOf(NamedArgument(creation.Arguments, "operationName"));
        }

        return null;
    }

    /// <summary>
    /// The span kind a creation asks for (the <c>ActivityKind</c> or <c>SpanKind</c> member's name, such as
    /// <c>Client</c>), its default when the argument is left out, and null when the kind is not a constant.
    /// <c>new Activity(name)</c> has no kind argument: such spans are <c>Internal</c>.
    /// </summary>
    public static string? KindOf(IOperation creation)
    {
        ImmutableArray<IArgumentOperation> arguments;
        switch (creation)
        {
            case IInvocationOperation invocation:
                arguments = invocation.Arguments;
                break;
            case IObjectCreationOperation:
                return "Internal";
            default:
                return null;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "kind", Type: INamedTypeSymbol { TypeKind: TypeKind.Enum } kindType }
                && argument.Value.ConstantValue is { HasValue: true, Value: { } value })
            {
                // ActivityKind.Server as written: its name, without reading the constant of every member. The kind
                // enums (ActivityKind, SpanKind) give each member its own value, so the name is the one the search finds.
                if (SpanOwnership.SkipConversions(argument.Value) is IFieldReferenceOperation { Field: var written }
                    && SymbolEqualityComparer.Default.Equals(written.ContainingType, kindType))
                {
                    return written.Name;
                }

                foreach (var member in kindType.GetMembers())
                {
                    if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
                    {
                        return field.Name;
                    }
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>The constant key of <c>Activity.SetTag/AddTag</c> or <c>TelemetrySpan.SetAttribute</c>, with the span it is set on.</summary>
    public static bool IsTagCall(IInvocationOperation invocation, TracingTypes types, out string? key, out IOperation? receiver)
    {
        key = null;
        receiver = null;
        if (!IsTagMethod(invocation, types))
        {
            return false;
        }

        key = ConstantOf(NamedArgument(invocation.Arguments, "key"));
        receiver = ReceiverOf(invocation.Instance!, types);
        return key is not null;
    }

    /// <summary>True for <c>Activity.SetTag/AddTag(key, value)</c> and <c>TelemetrySpan.SetAttribute(key, value)</c>, whatever the key.</summary>
    public static bool IsTagMethod(IInvocationOperation invocation, TracingTypes types)
    {
        var method = invocation.TargetMethod;
        var api = method.Name switch
        {
            "SetTag" or "AddTag" => SpanApi.Activity,
            "SetAttribute" => SpanApi.TelemetrySpan,
            _ => (SpanApi?)null,
        };

        // Parameters builds a new array on each call: asked last.
        return api is not null && !method.IsStatic && invocation.Instance is not null && types.SpanApiOf(method.ContainingType) == api
            && method.Parameters.Length == 2;
    }

    /// <summary>
    /// Adds the tags of a creation's <c>tags:</c> or <c>initialAttributes:</c> collection, when that is written in place,
    /// to <paramref name="tags"/> (created on the first).
    /// </summary>
    public static void AddInitialTags(IInvocationOperation creation, ref List<WrittenTag>? tags)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name is "tags" or "initialAttributes")
            {
                AddWrittenTags(argument.Value, ref tags);
            }
        }
    }

    /// <summary>
    /// Adds the key-value pairs of a collection written in place to <paramref name="tags"/>: an initializer
    /// (<c>{ "k", v }</c>, <c>["k"] = v</c>, <c>Add(pair)</c>), an array of pairs, or a collection expression of pairs.
    /// </summary>
    public static void AddWrittenTags(IOperation collection, ref List<WrittenTag>? tags)
    {
        var value = SpanReceiver.WithoutConversions(collection);
        switch (value)
        {
            case IObjectCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.Initializers)
                {
                    AddWrittenTag(element, element.Syntax, ref tags);
                }

                break;
            case IArrayCreationOperation { Initializer: { } array }:
                foreach (var element in array.ElementValues)
                {
                    AddWrittenTag(element, element.Syntax, ref tags);
                }

                break;

            // new SpanAttributes(new Dictionary<string, object?> { ... }): a collection made from one written in place.
            case IObjectCreationOperation { Initializer: null, Arguments.Length: 1 } copy:
                AddWrittenTags(copy.Arguments[0].Value, ref tags);
                break;

            // Roslyn 4.8 has no operation for collection expressions: their elements are their children.
            case { Kind: OperationKind.None } when value.Syntax is CollectionExpressionSyntax:
                foreach (var element in value.ChildOperations)
                {
                    AddWrittenTag(element, element.Syntax.Parent is ExpressionElementSyntax item ? item : element.Syntax, ref tags);
                }

                break;
        }
    }

    /// <summary>The key and value of one written pair: <c>Add(k, v)</c>, <c>Add(pair)</c>, <c>new KeyValuePair(k, v)</c>, <c>KeyValuePair.Create(k, v)</c>, <c>[k] = v</c>.</summary>
    public static bool TryReadPair(IOperation element, out IOperation? key, out IOperation? value)
    {
        key = null;
        value = null;
        switch (SpanReceiver.WithoutConversions(element))
        {
            case IInvocationOperation { Arguments.Length: 2 } call when call.TargetMethod.Name is "Add" or "Create":
                key = call.Arguments[0].Value;
                value = call.Arguments[1].Value;
                return true;
            case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add:
                return TryReadPair(add.Arguments[0].Value, out key, out value);
            case IObjectCreationOperation { Arguments.Length: 2 } pair:
                key = pair.Arguments[0].Value;
                value = pair.Arguments[1].Value;
                return true;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment:
                key = indexer.Arguments[0].Value;
                value = assignment.Value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Adds the constant keys of a creation's <c>tags:</c> or <c>initialAttributes:</c> collection, when that is
    /// written in place, to <paramref name="keys"/> (created on the first).
    /// </summary>
    public static void AddInitialTagKeys(IInvocationOperation creation, ref List<(string Key, Location Location)>? keys)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name is not ("tags" or "initialAttributes"))
            {
                continue;
            }

            switch (SpanReceiver.WithoutConversions(argument.Value))
            {
                case IObjectCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.Initializers)
                    {
                        AddKey(element, ref keys);
                    }

                    break;
                case IArrayCreationOperation { Initializer: { } array }:
                    foreach (var element in array.ElementValues)
                    {
                        AddKey(element, ref keys);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The constant span name each span local of <paramref name="body"/> holds: null for a local whose assignments
    /// disagree, give a name that is not constant, or that is passed by reference (<c>Start(out activity)</c> may put
    /// any span in it).
    /// </summary>
    public static Dictionary<ILocalSymbol, string?> ReadSpanLocals(IOperation body, TracingTypes types)
    {
        var names = new Dictionary<ILocalSymbol, string?>(SymbolEqualityComparer.Default);
        foreach (var operation in body.Descendants())
        {
            ILocalSymbol local;
            IOperation? value;
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    local = declarator.Symbol;
                    value = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    local = target.Local;
                    value = assignment.Value;
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation byReference }:
                    local = byReference.Local;
                    value = null;
                    break;
                default:
                    continue;
            }

            if (types.SpanApiOf(local.Type) is null)
            {
                continue;
            }

            if (operation is IArgumentOperation)
            {
                names[local] = null;
                continue;
            }

            if (value is null || SpanReceiver.WithoutConversions(value) is { ConstantValue: { HasValue: true, Value: null } })
            {
                continue;
            }

            string? assigned = ConstantSpanName(value, types);
            names[local] = names.TryGetValue(local, out string? earlier) && earlier != assigned ? null : assigned;
        }

        return names;
    }

    /// <summary>
    /// The initializer of a <c>using</c> local, which alone names its span (a using local cannot be assigned again or
    /// passed by reference); null when it is declared in another file or without one.
    /// </summary>
    public static IOperation? UsingInitializer(ILocalReferenceOperation reference)
    {
        // The declaration is in a block around the reference: found in the tree without asking the semantic model.
        var local = reference.Local;
        for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
        {
            var declared = parent switch
            {
                IBlockOperation block => UsingDeclarationAmong(block.Operations, local),
                ISwitchCaseOperation section => UsingDeclarationAmong(section.Body, local),
                IUsingOperation { Resources: IVariableDeclarationGroupOperation resources } => InitializerIn(resources, local),
                _ => null,
            };
            if (declared is not null)
            {
                return declared;
            }
        }

        var declarations = reference.Local.DeclaringSyntaxReferences;
        if (declarations.Length != 1 || reference.SemanticModel is not { } model
            || declarations[0].SyntaxTree != model.SyntaxTree
            || declarations[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        return model.GetOperation(value);
    }

    private static IOperation? UsingDeclarationAmong(ImmutableArray<IOperation> statements, ILocalSymbol local)
    {
        foreach (var statement in statements)
        {
            if (statement is IUsingDeclarationOperation { DeclarationGroup: var group } && InitializerIn(group, local) is { } initializer)
            {
                return initializer;
            }
        }

        return null;
    }

    private static IOperation? InitializerIn(IVariableDeclarationGroupOperation group, ILocalSymbol local)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    return declarator.Initializer?.Value;
                }
            }
        }

        return null;
    }

    public static string? ConstantOf(IArgumentOperation? argument) =>
        argument?.Value.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    /// <summary>The argument for the string parameter <paramref name="parameter"/>, or null.</summary>
    public static IArgumentOperation? NamedArgument(ImmutableArray<IArgumentOperation> arguments, string parameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameter && argument.Parameter.Type.SpecialType == SpecialType.System_String)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The span a call is made on: through <c>?.</c> and fluent <c>SetTag(...).SetTag(...)</c> chains.</summary>
    private static IOperation ReceiverOf(IOperation instance, TracingTypes types)
    {
        var receiver = SpanReceiver.Of(instance);
        while (receiver is IInvocationOperation { Instance: { } chained } call
            && types.SpanApiOf(call.Type) is not null
            && types.SpanApiOf(call.TargetMethod.ContainingType) is not null
            && !types.IsSpanStart(call))
        {
            receiver = SpanReceiver.Of(chained);
        }

        return receiver;
    }

    private static void AddKey(IOperation element, ref List<(string Key, Location Location)>? keys)
    {
        if (TryReadPair(element, out var first, out _) && first?.ConstantValue is { HasValue: true, Value: string key })
        {
            keys ??= new List<(string Key, Location Location)>();
            keys.Add((key, first.Syntax.GetLocation()));
        }
    }

    private static void AddWrittenTag(IOperation element, SyntaxNode node, ref List<WrittenTag>? tags)
    {
        if (TryReadPair(element, out var key, out var value))
        {
            (tags ??= new List<WrittenTag>()).Add(new WrittenTag(key!, value, node));
        }
    }
}

/// <summary>One tag written in place: its key and value, and the element of the collection that holds them.</summary>
internal readonly struct WrittenTag
{
    public WrittenTag(IOperation key, IOperation? value, SyntaxNode element)
    {
        Key = key;
        Value = value;
        Element = element;
    }

    public IOperation Key { get; }

    public IOperation? Value { get; }

    public SyntaxNode Element { get; }
}
