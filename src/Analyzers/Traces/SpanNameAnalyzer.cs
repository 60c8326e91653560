using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// OBS3003 (span name built at run time), OBS3004 (source or tracer name outside <c>traces.sources</c>), OBS3005
/// (span not declared) and OBS3006 (attribute not declared for the span). Runs without a contract too: the defaults
/// enforce no sources, no declarations and no attributes, so only OBS3003 can fire then.
/// </summary>
public sealed class SpanNameAnalyzer : SignalContractAnalyzer
{
    /// <summary>Property key prefix for OBS3004: <c>Source0</c>..<c>Source2</c> are the approved sources the fix offers.</summary>
    public const string SourcePropertyPrefix = "Source";

    /// <summary>How many approved sources the OBS3004 fix offers at most.</summary>
    public const int MaxSourceFixes = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SpanNameNotConstant,
        Descriptors.SourceOutsideApproved,
        Descriptors.SpanNotDeclared,
        Descriptors.SpanAttributeNotDeclared);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        var analysis = new NameAnalysis(types, contract.Traces);
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(analysis.AnalyzeObjectCreation, OperationKind.ObjectCreation);
    }

    private sealed class NameAnalysis
    {
        private readonly TracingTypes _types;
        private readonly TracesContract _traces;
        private readonly ImmutableDictionary<string, string?> _sourceProperties;
        private readonly string _sourceList;
        // The driver runs one body's callbacks together, so the last body read serves the next tag calls; a single
        // entry keeps no operation trees alive and costs no lock.
        private SpanLocals? _lastBody;

        public NameAnalysis(TracingTypes types, TracesContract traces)
        {
            _types = types;
            _traces = traces;
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            for (int i = 0; i < traces.Sources.Length && i < MaxSourceFixes; i++)
            {
                properties.Add(SourcePropertyPrefix + i, traces.Sources[i]);
            }

            _sourceProperties = properties.ToImmutable();
            _sourceList = string.Join(", ", traces.Sources);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (SpanCalls.IsTracerProviderGetTracer(method, _types))
            {
                AnalyzeSourceName(context, SpanCalls.SourceNameArgument(invocation, _types), "Tracer");
                return;
            }

            if (SpanCalls.IsSpanCreation(method, _types))
            {
                AnalyzeSpanName(context, SpanCalls.NamedArgument(invocation.Arguments, "name"), invocation);
            }

            if (_traces.HasSpanAttributes)
            {
                CheckAttributes(context, invocation);
            }
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var type = creation.Type?.OriginalDefinition;
            if (type is null || creation.Constructor is null)
            {
                return;
            }

            if (Is(type, _types.ActivitySource))
            {
                AnalyzeSourceName(context, SpanCalls.SourceNameArgument(creation, _types), "ActivitySource");
            }
            else if (Is(type, _types.Activity))
            {
                AnalyzeSpanName(context, SpanCalls.NamedArgument(creation.Arguments, "operationName"), creation);
            }
        }

        /// <summary>
        /// OBS3006: keys set on a span declared with attributes, through the <c>tags:</c> of its start or a tag call.
        /// Checked call by call: a per-method tracking state for every method body cost five times the rest of the rule.
        /// </summary>
        private void CheckAttributes(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            List<(string Key, Location Location)>? initialTags = null;
            if (InitialTags(invocation, ref initialTags) is { } started && initialTags is not null)
            {
                foreach (var (key, location) in initialTags)
                {
                    ReportIfUndeclared(context, started, key, location);
                }
            }

            if (!SpanCalls.IsTagCall(invocation, _types, out var tagKey, out var receiver) || tagKey is null || receiver is null)
            {
                return;
            }

            string? spanName = receiver is ILocalReferenceOperation local ? SpanNameOfLocal(local) : SpanCalls.ConstantSpanName(receiver, _types);
            if (DeclaredWithAttributes(spanName) is { } span)
            {
                ReportIfUndeclared(context, span, tagKey, NamedKeyLocation(invocation));
            }
        }

        /// <summary>
        /// The constant span name every assignment in the enclosing body gives <paramref name="reference"/>'s local; null
        /// when they disagree, one is not a span start with a constant name, or the local is passed by reference
        /// (<c>Start(out activity)</c> may put any span in it).
        /// </summary>
        private string? SpanNameOfLocal(ILocalReferenceOperation reference)
        {
            // A using local cannot be assigned again or passed by reference: its initializer alone names the span,
            // and the body need not be read. Most spans are held this way.
            if (reference.Local.IsUsing)
            {
                return SpanCalls.UsingInitializer(reference) is { } initializer ? SpanCalls.ConstantSpanName(initializer, _types) : null;
            }

            var root = (IOperation)reference;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            var cached = Volatile.Read(ref _lastBody);
            if (cached is null || cached.Body != root)
            {
                cached = new SpanLocals(root, SpanCalls.ReadSpanLocals(root, _types));
                Volatile.Write(ref _lastBody, cached);
            }

            return cached.Names.TryGetValue(reference.Local, out string? name) ? name : null;
        }

        private static void ReportIfUndeclared(OperationAnalysisContext context, SpanContract span, string key, Location location)
        {
            if (span.AllowsAttribute(key))
            {
                return;
            }

            var declared = span.Attributes is { IsEmpty: false } attributes ? string.Join(", ", attributes) : "none";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SpanAttributeNotDeclared, location, key, span.Name, declared));
        }

        private static Location NamedKeyLocation(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "key")
                {
                    return argument.Value.Syntax.GetLocation();
                }
            }

            return invocation.Syntax.GetLocation();
        }

        private void AnalyzeSourceName(OperationAnalysisContext context, IArgumentOperation? argument, string kind)
        {
            if (_traces.Sources.IsEmpty
                || argument is null
                || argument.Value.ConstantValue is not { HasValue: true, Value: string name }
                || _traces.IsApprovedSource(name))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SourceOutsideApproved,
                argument.Value.Syntax.GetLocation(),
                _sourceProperties,
                kind,
                name,
                _sourceList));
        }

        private void AnalyzeSpanName(OperationAnalysisContext context, IArgumentOperation? argument, IOperation creation)
        {
            if (argument is null)
            {
                return;
            }

            var value = SpanReceiver.WithoutConversions(argument.Value);
            if (value.ConstantValue is { HasValue: true, Value: string name })
            {
                // A call still being typed binds its missing name to the default; wait until it is written.
                if (_traces.RequireDeclared && _traces.FindSpan(name) is null && !(argument.IsImplicit && creation.Syntax.ContainsDiagnostics))
                {
                    // An omitted name is the caller's member name ([CallerMemberName]): point at the call.
                    var location = argument.IsImplicit ? creation.Syntax.GetLocation() : value.Syntax.GetLocation();
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.SpanNotDeclared, location, name));
                }

                return;
            }

            if ((value is IInterpolatedStringOperation || value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add })
                && !IsMadeOfConstants(value))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SpanNameNotConstant, value.Syntax.GetLocation()));
            }
        }

        // "op." + Version with a const int is not a C# constant, yet it names one span, not one per value.
        private static bool IsMadeOfConstants(IOperation operation)
        {
            operation = SpanReceiver.WithoutConversions(operation);
            if (operation.ConstantValue.HasValue)
            {
                return true;
            }

            switch (operation)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                    return IsMadeOfConstants(binary.LeftOperand) && IsMadeOfConstants(binary.RightOperand);
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation { Alignment: null, FormatString: null } hole && IsMadeOfConstants(hole.Expression))
                        {
                            continue;
                        }

                        if (part is not IInterpolatedStringTextOperation)
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        public SpanContract? DeclaredWithAttributes(string? spanName) =>
            spanName is not null && _traces.FindSpan(spanName) is { Attributes: not null } span ? span : null;

        /// <summary>
        /// The span a creation call declares with attributes, and the constant keys of its <c>tags:</c> or
        /// <c>initialAttributes:</c> collection when that is written in place.
        /// </summary>
        public SpanContract? InitialTags(IInvocationOperation invocation, ref List<(string Key, Location Location)>? keys)
        {
            if (!SpanCalls.IsSpanCreation(invocation.TargetMethod, _types)
                || DeclaredWithAttributes(SpanCalls.ConstantOf(SpanCalls.NamedArgument(invocation.Arguments, "name"))) is not { } span)
            {
                return null;
            }

            SpanCalls.AddInitialTagKeys(invocation, ref keys);
            return span;
        }

        private sealed class SpanLocals
        {
            public SpanLocals(IOperation body, Dictionary<ILocalSymbol, string?> names)
            {
                Body = body;
                Names = names;
            }

            public IOperation Body { get; }

            public Dictionary<ILocalSymbol, string?> Names { get; }
        }
    }
}
