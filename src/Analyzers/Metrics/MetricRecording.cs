using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>One label given at a record site: its key, its value, and the code a fix removes to drop it.</summary>
internal sealed class LabelUse
{
    public LabelUse(MetricName key, IOperation? value, SyntaxNode node)
    {
        Key = key;
        Value = value;
        Node = node;
    }

    public MetricName Key { get; }

    public IOperation? Value { get; }

    /// <summary>An argument, an element of an array or collection, an initializer element, or a <c>tags.Add(...)</c> statement.</summary>
    public SyntaxNode Node { get; }
}

/// <summary>
/// One place that records a measurement: <c>counter.Add(1, tags)</c>, <c>histogram.Record(x, tags)</c>, an observable
/// callback's <c>new Measurement&lt;T&gt;(x, tags)</c>, or prometheus-net's <c>collector.WithLabels(values)</c>.
/// </summary>
internal sealed class MetricRecording
{
    private MetricRecording(IOperation operation, ISymbol? instrument, InstrumentCreation? creation, ImmutableArray<LabelUse>? labels, ImmutableArray<IOperation>? prometheusValues)
    {
        Operation = operation;
        Instrument = instrument;
        Creation = creation;
        Labels = labels;
        PrometheusValues = prometheusValues;
    }

    public IOperation Operation { get; }

    /// <summary>The field, property, local or parameter that holds the instrument; null when the creation is in place.</summary>
    public ISymbol? Instrument { get; }

    /// <summary>The creation, when it is visible from the record site itself (a chained call or an observable callback).</summary>
    public InstrumentCreation? Creation { get; }

    /// <summary>The labels of a System.Diagnostics.Metrics record site; null when they cannot be read from the code.</summary>
    public ImmutableArray<LabelUse>? Labels { get; }

    /// <summary>The label values given to prometheus-net's <c>WithLabels</c>; null for other record sites or when not readable.</summary>
    public ImmutableArray<IOperation>? PrometheusValues { get; }

    public bool IsPrometheus => Operation is IInvocationOperation { TargetMethod.Name: "WithLabels" };

    public static MetricRecording? TryRead(IOperation operation, MetricsTypes types)
    {
        if (operation is IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name is "Add" or "Record" && !method.IsStatic && types.IsRecordingInstrument(method.ContainingType))
            {
                var (symbol, creation) = Holder(invocation.Instance, types);
                return new MetricRecording(invocation, symbol, creation, TagReader.Read(invocation.Arguments, types), null);
            }

            if (method.Name == "WithLabels" && !method.IsStatic && types.IsPrometheusCollector(method.ContainingType))
            {
                var (symbol, creation) = Holder(invocation.Instance, types);
                return new MetricRecording(invocation, symbol, creation, null, ReadValues(invocation));
            }

            return null;
        }

        if (operation is IObjectCreationOperation creationOperation && TypeLookup.Is(creationOperation.Type, types.Measurement))
        {
            // An observable instrument's callback: the instrument is the Create call the lambda is passed to.
            var owner = EnclosingCreation(creationOperation, types);
            return owner is null ? null : new MetricRecording(creationOperation, null, owner, TagReader.Read(creationOperation.Arguments, types), null);
        }

        return null;
    }

    /// <summary>The symbol a created instrument is stored in: a field or property initializer, an assignment, or a local.</summary>
    public static ISymbol? AssignedSymbol(IOperation creation)
    {
        var parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IFieldInitializerOperation { InitializedFields.Length: 1 } fieldInitializer:
                return fieldInitializer.InitializedFields[0];
            case IPropertyInitializerOperation { InitializedProperties.Length: 1 } propertyInitializer:
                return propertyInitializer.InitializedProperties[0];
            case ISimpleAssignmentOperation assignment:
                return ReferencedSymbol(assignment.Target);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return declarator.Symbol;
            default:
                return null;
        }
    }

    /// <summary>
    /// The creation stored in a field or property declared in the same file as <paramref name="model"/>: its initializer,
    /// or an assignment in a constructor of its type. Null when it is elsewhere or not a creation.
    /// </summary>
    public static InstrumentCreation? FindCreationInTree(ISymbol instrument, SemanticModel model, MetricsTypes types, CancellationToken cancellationToken)
    {
        if (instrument is not (IFieldSymbol or IPropertySymbol) || instrument.ContainingType is not { } containingType)
        {
            return null;
        }

        foreach (var reference in instrument.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            var initializer = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (initializer is not null && model.GetOperation(initializer, cancellationToken) is { } value
                && MetricName.Unwrap(value) is IInvocationOperation invocation)
            {
                return InstrumentCreation.TryRead(invocation, types);
            }
        }

        foreach (var constructor in containingType.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                {
                    continue;
                }

                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation operation
                        && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(operation.Target), instrument)
                        && MetricName.Unwrap(operation.Value) is IInvocationOperation invocation)
                    {
                        return InstrumentCreation.TryRead(invocation, types);
                    }
                }
            }
        }

        return null;
    }

    public static ISymbol? ReferencedSymbol(IOperation? operation) => operation switch
    {
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation property => property.Property.OriginalDefinition,
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static (ISymbol? Symbol, InstrumentCreation? Creation) Holder(IOperation? instance, MetricsTypes types)
    {
        if (instance is null)
        {
            return (null, null);
        }

        var unwrapped = MetricName.Unwrap(instance);
        if (unwrapped is IInvocationOperation chained)
        {
            return (null, InstrumentCreation.TryRead(chained, types));
        }

        return (ReferencedSymbol(unwrapped), null);
    }

    private static InstrumentCreation? EnclosingCreation(IOperation operation, MetricsTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation invocation)
            {
                return InstrumentCreation.TryRead(invocation, types);
            }

            if (current is ILocalFunctionOperation or IMethodBodyBaseOperation)
            {
                return null;
            }
        }

        return null;
    }

    private static ImmutableArray<IOperation>? ReadValues(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length != 1)
        {
            return null;
        }

        var value = MetricName.Unwrap(invocation.Arguments[0].Value);
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        return null;
    }
}

/// <summary>Reads the label keys of a record site's tag arguments, whatever shape they take.</summary>
internal static class TagReader
{
    /// <summary>The labels of every tag argument; null when any of them cannot be read from the code.</summary>
    public static ImmutableArray<LabelUse>? Read(ImmutableArray<IArgumentOperation> arguments, MetricsTypes types)
    {
        var labels = ImmutableArray.CreateBuilder<LabelUse>();
        foreach (var argument in arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (TypeLookup.Is(parameterType, types.KeyValuePair))
            {
                var label = ReadPair(argument.Value, argument.Syntax, types);
                if (label is null)
                {
                    return null;
                }

                labels.Add(label);
            }
            else if (TypeLookup.Is(parameterType, types.TagList))
            {
                if (!ReadTagList(argument.Value, types, labels))
                {
                    return null;
                }
            }
            else if (IsPairCollection(parameterType, types))
            {
                if (!ReadCollection(argument.Value, types, labels))
                {
                    return null;
                }
            }
        }

        return labels.ToImmutable();
    }

    private static bool IsPairCollection(ITypeSymbol type, MetricsTypes types) => type switch
    {
        IArrayTypeSymbol array => TypeLookup.Is(array.ElementType, types.KeyValuePair),
        INamedTypeSymbol { TypeArguments.Length: 1 } named => TypeLookup.Is(named.TypeArguments[0], types.KeyValuePair),
        _ => false,
    };

    private static LabelUse? ReadPair(IOperation value, SyntaxNode node, MetricsTypes types)
    {
        var pair = MetricName.Unwrap(value);
        ImmutableArray<IArgumentOperation> arguments;
        switch (pair)
        {
            case IObjectCreationOperation creation when TypeLookup.Is(creation.Type, types.KeyValuePair):
                arguments = creation.Arguments;
                break;
            case IInvocationOperation { TargetMethod.Name: "Create" } invocation when TypeLookup.Is(invocation.TargetMethod.ContainingType, types.KeyValuePairStatic):
                arguments = invocation.Arguments;
                break;
            default:
                return null;
        }

        return arguments.Length == 2 ? new LabelUse(MetricName.Read(arguments[0].Value), arguments[1].Value, node) : null;
    }

    private static bool ReadCollection(IOperation value, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        var collection = MetricName.Unwrap(value);
        if (collection is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                var label = ReadPair(element, element.Syntax, types);
                if (label is null)
                {
                    return false;
                }

                labels.Add(label);
            }

            return true;
        }

        if (collection is IArrayCreationOperation { DimensionSizes.Length: 1 } empty && empty.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 })
        {
            return true;
        }

        if (collection.Syntax is CollectionExpressionSyntax expression)
        {
            // Roslyn 4.8 has no operation for collection expressions, but their elements are its children.
            int count = 0;
            foreach (var element in collection.ChildOperations)
            {
                if (element.Syntax.Parent is not ExpressionElementSyntax item)
                {
                    return false;
                }

                var label = ReadPair(element, item, types);
                if (label is null)
                {
                    return false;
                }

                labels.Add(label);
                count++;
            }

            return count == expression.Elements.Count;
        }

        return false;
    }

    private static bool ReadTagList(IOperation value, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        var tags = MetricName.Unwrap(value);
        if (tags is IObjectCreationOperation creation && TypeLookup.Is(creation.Type, types.TagList))
        {
            return ReadTagListCreation(creation, types, labels);
        }

        if (tags is IDefaultValueOperation)
        {
            return true;
        }

        return tags is ILocalReferenceOperation local && ReadTagListLocal(local, types, labels);
    }

    private static bool ReadTagListCreation(IObjectCreationOperation creation, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        if (!creation.Arguments.IsEmpty)
        {
            return false;
        }

        if (creation.Initializer is null)
        {
            return true;
        }

        foreach (var element in creation.Initializer.Initializers)
        {
            if (element is not IInvocationOperation add || !ReadTagListAdd(add, element.Syntax, types, labels))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadTagListAdd(IInvocationOperation add, SyntaxNode node, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        if (add.TargetMethod.Name != "Add")
        {
            return false;
        }

        if (add.Arguments.Length == 2)
        {
            labels.Add(new LabelUse(MetricName.Read(add.Arguments[0].Value), add.Arguments[1].Value, node));
            return true;
        }

        if (add.Arguments.Length == 1)
        {
            var label = ReadPair(add.Arguments[0].Value, node, types);
            if (label is not null)
            {
                labels.Add(label);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A TagList local built in the same method: its initializer and its <c>Add</c> calls. Unknown when the local is
    /// reassigned or passed by reference, where other code may add labels.
    /// </summary>
    private static bool ReadTagListLocal(ILocalReferenceOperation reference, MetricsTypes types, ImmutableArray<LabelUse>.Builder labels)
    {
        var local = reference.Local;
        var root = (IOperation)reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        bool declared = false;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initial = declarator.Initializer?.Value is { } initialValue ? MetricName.Unwrap(initialValue) : null;
                    if (initial is IObjectCreationOperation creation && TypeLookup.Is(creation.Type, types.TagList))
                    {
                        if (!ReadTagListCreation(creation, types, labels))
                        {
                            return false;
                        }
                    }
                    else if (initial is not null and not IDefaultValueOperation)
                    {
                        return false;
                    }

                    declared = true;
                    break;
                case IInvocationOperation { Instance: ILocalReferenceOperation target } invocation
                    when SymbolEqualityComparer.Default.Equals(target.Local, local) && TypeLookup.Is(invocation.TargetMethod.ContainingType, types.TagList):
                    if (invocation.TargetMethod.Name == "Add")
                    {
                        var statement = invocation.Parent is IExpressionStatementOperation expressionStatement ? expressionStatement.Syntax : invocation.Syntax;
                        if (!ReadTagListAdd(invocation, statement, types, labels))
                        {
                            return false;
                        }
                    }
                    else if (invocation.TargetMethod.Name is "Remove" or "Clear" or "Insert" or "RemoveAt")
                    {
                        return false;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return false;
                case IArgumentOperation { Value: ILocalReferenceOperation passed, Parameter.RefKind: RefKind.Ref or RefKind.Out }
                    when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    return false;
            }
        }

        return declared;
    }
}
