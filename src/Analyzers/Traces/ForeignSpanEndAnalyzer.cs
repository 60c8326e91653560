using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// OBS3008: <c>Stop()</c>, <c>Dispose()</c> or <c>End()</c> (or a <c>using</c>) on <c>Activity.Current</c>,
/// <c>Tracer.CurrentSpan</c> or a local that only ever holds one of them: it ends whichever span is current, most often
/// the caller's or the host's request span. Quiet where the code shows the span is its own: it checks the span's
/// identity (<c>Source</c>, <c>OperationName</c>, ...) first, or its type starts spans it does not keep, which such an
/// end closes later (begin and end hooks).
/// </summary>
public sealed class ForeignSpanEndAnalyzer : SignalContractAnalyzer
{
    /// <summary>Diagnostic property: the one span local the function started, which the fix may end instead; absent when there is none or more than one.</summary>
    public const string OwnSpanProperty = "OwnSpan";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ForeignSpanEnded);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        var analysis = new Analysis(types);
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(analysis.AnalyzeUsing, OperationKind.Using, OperationKind.UsingDeclaration);
    }

    private sealed class Analysis
    {
        private static readonly ImmutableDictionary<string, string?> NoProperties = ImmutableDictionary<string, string?>.Empty;

        private readonly TracingTypes _types;

        public Analysis(TracingTypes types) => _types = types;

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name is not ("Stop" or "Dispose" or "End") || invocation.Instance is null || !_types.IsSpanEnd(invocation))
            {
                return;
            }

            var receiver = SpanReceiver.Of(invocation.Instance);
            if (!EndsCurrentSpan(receiver))
            {
                return;
            }

            var own = OwnSpanLocal(invocation, receiver);
            var properties = own is null ? NoProperties : NoProperties.Add(OwnSpanProperty, own.Name);

            // For Activity.Current?.Stop() the call alone is '.Stop()': report the whole access.
            var reported = invocation.Parent is IConditionalAccessOperation access && access.WhenNotNull == invocation ? access.Syntax : invocation.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ForeignSpanEnded, reported.GetLocation(), properties, receiver.Syntax.ToString()));
        }

        public void AnalyzeUsing(OperationAnalysisContext context)
        {
            var resources = context.Operation switch
            {
                IUsingOperation usingOperation => usingOperation.Resources,
                IUsingDeclarationOperation declaration => declaration.DeclarationGroup,
                _ => null,
            };

            if (resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var variables in group.Declarations)
                {
                    foreach (var declarator in variables.Declarators)
                    {
                        var value = (declarator.Initializer ?? variables.Initializer)?.Value;
                        if (value is not null && _types.IsCurrentSpan(value) && !IsKnownToBeOwn(value, declarator.Symbol))
                        {
                            Report(context, value);
                        }
                    }
                }
            }
            else if (resources is not null && EndsCurrentSpan(SpanReceiver.WithoutConversions(resources)))
            {
                Report(context, SpanReceiver.WithoutConversions(resources));
            }
        }

        private static void Report(OperationAnalysisContext context, IOperation ended) =>
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ForeignSpanEnded, ended.Syntax.GetLocation(), NoProperties, ended.Syntax.ToString()));

        /// <summary>True when <paramref name="receiver"/> is the current span, or a local that only ever holds it, and nothing says it is ours.</summary>
        private bool EndsCurrentSpan(IOperation receiver)
        {
            ILocalSymbol? alias = null;
            if (!_types.IsCurrentSpan(receiver))
            {
                if (receiver is not ILocalReferenceOperation local || !AliasesCurrentSpan(local))
                {
                    return false;
                }

                alias = local.Local;
            }

            return !IsKnownToBeOwn(receiver, alias);
        }

        private bool IsKnownToBeOwn(IOperation ended, ILocalSymbol? alias) =>
            ChecksIdentity(SpanOwnership.Root(ended), alias) || StartsSpansItDoesNotKeep(ended);

        /// <summary>
        /// True when <paramref name="reference"/>'s local is declared with the current span (<c>var current =
        /// Activity.Current;</c>, <c>Activity.Current is { } current</c>) and never assigned again.
        /// </summary>
        private bool AliasesCurrentSpan(ILocalReferenceOperation reference)
        {
            var local = reference.Local;
            var model = reference.SemanticModel;
            var declarations = local.DeclaringSyntaxReferences;
            if (model is null || declarations.Length != 1 || declarations[0].SyntaxTree != model.SyntaxTree)
            {
                return false;
            }

            IOperation? value = declarations[0].GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => model.GetOperation(declarator) is IVariableDeclaratorOperation operation
                    ? (operation.Initializer ?? (operation.Parent as IVariableDeclarationOperation)?.Initializer)?.Value
                    : null,
                SingleVariableDesignationSyntax designation => PatternInput(designation, model),
                _ => null,
            };

            return value is not null && _types.IsCurrentSpan(value) && !IsWrittenAgain(local, SpanOwnership.Root(reference));
        }

        /// <summary>The value an <c>is</c> pattern that declares <paramref name="designation"/> tests.</summary>
        private static IOperation? PatternInput(SingleVariableDesignationSyntax designation, SemanticModel model)
        {
            for (SyntaxNode? node = designation.Parent; node is PatternSyntax or SubpatternSyntax or PropertyPatternClauseSyntax or IsPatternExpressionSyntax; node = node.Parent)
            {
                if (node is IsPatternExpressionSyntax isPattern)
                {
                    return (model.GetOperation(isPattern) as IIsPatternOperation)?.Value;
                }

                // Only the pattern's top level holds the tested value itself.
                if (node is SubpatternSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        private static bool IsWrittenAgain(ILocalSymbol local, IOperation body)
        {
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation byReference }
                        when SymbolEqualityComparer.Default.Equals(byReference.Local, local):
                        return true;
                    case IDeconstructionAssignmentOperation deconstruction:
                        foreach (var target in deconstruction.Target.DescendantsAndSelf())
                        {
                            if (target is ILocalReferenceOperation written && SymbolEqualityComparer.Default.Equals(written.Local, local))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the body reads who the span is (<c>Source</c>, <c>OperationName</c>, <c>DisplayName</c>, <c>Kind</c>)
        /// on the current span or <paramref name="alias"/>: code that checks it ends only its own.
        /// </summary>
        private bool ChecksIdentity(IOperation body, ILocalSymbol? alias)
        {
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Source" or "OperationName" or "DisplayName" or "Kind", Instance: { } instance } property
                        when TypeLookup.Is(property.Property.ContainingType, _types.Activity):
                        var read = SpanReceiver.Of(instance);
                        if (_types.IsCurrentSpan(read) || (alias is not null && read is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, alias)))
                        {
                            return true;
                        }

                        break;
                    case IPropertySubpatternOperation { Member: IPropertyReferenceOperation { Property.Name: "Source" or "OperationName" or "DisplayName" or "Kind" } member }
                        when TypeLookup.Is(member.Property.ContainingType, _types.Activity):
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the type around <paramref name="operation"/> starts a span without keeping it
        /// (<c>Source.StartActivity("x");</c>): it relies on the span being current, and ending the current one is how it
        /// ends it (a begin hook and an end hook). Read in this file's part of the type.
        /// </summary>
        private bool StartsSpansItDoesNotKeep(IOperation operation)
        {
            var model = operation.SemanticModel;
            var type = operation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (model is null || type is null)
            {
                return false;
            }

            foreach (var node in type.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax call
                    && CalledName(call.Expression) is "StartActivity" or "StartActiveSpan" or "StartSpan" or "Start"
                    && model.GetOperation(call) is IInvocationOperation start
                    && _types.IsSpanStart(start)
                    && SpanOwnership.DestinationOf(start, _types).Kind == SpanDestinationKind.Discarded)
                {
                    return true;
                }
            }

            return false;
        }

        private static string? CalledName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The one local the function around <paramref name="end"/> starts a span into, of the same API as the span ended,
        /// declared before the end and in scope there; null when there is none or more than one.
        /// </summary>
        private ILocalSymbol? OwnSpanLocal(IInvocationOperation end, IOperation receiver)
        {
            var api = _types.SpanApiOf(receiver.Type);
            var function = SpanOwnership.EnclosingFunction(end) ?? SpanOwnership.Root(end);
            ILocalSymbol? found = null;
            foreach (var operation in function.Descendants())
            {
                var (local, value) = operation switch
                {
                    IVariableDeclaratorOperation declarator => (declarator.Symbol, (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value),
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                    _ => (null, null),
                };

                if (local is null || value is null || !IsStart(value) || _types.SpanApiOf(local.Type) != api
                    || (receiver is ILocalReferenceOperation alias && SymbolEqualityComparer.Default.Equals(alias.Local, local)))
                {
                    continue;
                }

                if (found is not null && !SymbolEqualityComparer.Default.Equals(found, local))
                {
                    return null;
                }

                found = local;
            }

            return found is not null && IsVisibleAt(found, end) ? found : null;
        }

        private bool IsStart(IOperation value)
        {
            value = SpanReceiver.WithoutConversions(value);
            if (value is IConditionalAccessOperation access)
            {
                value = access.WhenNotNull;
            }

            return value is IInvocationOperation call && _types.IsSpanStart(call);
        }

        private static bool IsVisibleAt(ILocalSymbol local, IOperation operation)
        {
            var declarations = local.DeclaringSyntaxReferences;
            if (operation.SemanticModel is not { } model || declarations.Length != 1 || declarations[0].SyntaxTree != model.SyntaxTree
                || declarations[0].Span.End > operation.Syntax.SpanStart)
            {
                return false;
            }

            foreach (var symbol in model.LookupSymbols(operation.Syntax.SpanStart, name: local.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(symbol, local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
