using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
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

    /// <summary>
    /// The first earlier record site that read this label from the same <c>TagList</c> local, where what is wrong with
    /// its key or value is reported; null when no earlier site read it.
    /// </summary>
    public IOperation? EarlierSite { get; private set; }

    public void ReadEarlierBy(IOperation site) => EarlierSite ??= site;
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

    /// <param name="readTagLists">False to leave out the labels of a <c>TagList</c> argument (see <see cref="TagReader.Read"/>).</param>
    public static MetricRecording? TryRead(IOperation operation, MetricsTypes types, bool readTagLists = true)
    {
        if (operation is IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name is "Add" or "Record" && !method.IsStatic && types.IsRecordingInstrument(method.ContainingType))
            {
                var (symbol, creation) = Holder(invocation.Instance, types);
                return new MetricRecording(invocation, symbol, creation, TagReader.Read(invocation.Arguments, types, readTagLists), null);
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
            return owner is null ? null : new MetricRecording(creationOperation, null, owner, TagReader.Read(creationOperation.Arguments, types, readTagLists), null);
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

    /// <summary>
    /// The observable instrument whose callback builds <paramref name="operation"/>: the nearest enclosing creation,
    /// through any other calls on the way (<c>items.Select(i =&gt; new Measurement&lt;long&gt;(...))</c>).
    /// </summary>
    private static InstrumentCreation? EnclosingCreation(IOperation operation, MetricsTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation invocation && InstrumentCreation.TryRead(invocation, types) is { } creation)
            {
                return creation.Kind is InstrumentKind.ObservableCounter or InstrumentKind.ObservableUpDownCounter or InstrumentKind.ObservableGauge
                    ? creation
                    : null;
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
