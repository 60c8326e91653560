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
/// OBS3009: a span whose whole lifetime lies inside a <c>try</c> block (a <c>using</c> span, or a span ended in the
/// <c>finally</c> of the <c>try</c> that follows its start), where a <c>catch</c> of that <c>try</c> handles the failure
/// and the span records nothing itself: the span has ended with status Unset before the catch runs.
/// </summary>
public sealed class SpanEndsBeforeCatchAnalyzer : SignalContractAnalyzer
{
    /// <summary>Diagnostic property: how the span's lifetime is written, which decides where the fix records.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Diagnostic property: the name of the span local the fix records on.</summary>
    public const string SpanLocalProperty = "SpanLocal";

    /// <summary>Diagnostic property: <see cref="SpanApi"/> of the span, which decides the recording calls.</summary>
    public const string SpanApiProperty = "SpanApi";

    /// <summary>Diagnostic property, present when moving the span's declaration before the <c>try</c> keeps the code's meaning.</summary>
    public const string CanMoveBeforeTryProperty = "CanMoveBeforeTry";

    /// <summary><c>using var span = ...;</c>: the statements after it are the span's.</summary>
    public const string UsingDeclarationShape = "UsingDeclaration";

    /// <summary><c>using (var span = ...) { ... }</c>: its body is the span's.</summary>
    public const string UsingStatementShape = "UsingStatement";

    /// <summary><c>var span = ...; try { ... } finally { span.Stop(); }</c>: the inner try's body is the span's; reported at the end.</summary>
    public const string FinallyShape = "Finally";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SpanEndsBeforeCatch);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (!contract.Traces.RecordErrors)
        {
            return;
        }

        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        var analysis = new Analysis(
            types,
            new SpanErrorRecording(context.Compilation, types),
            TypeLookup.InCoreLibrary(context.Compilation, "System.OperationCanceledException"),
            new ErrorStatusOnException(context.Compilation, context.CancellationToken));
        context.RegisterOperationAction(analysis.AnalyzeUsingDeclaration, OperationKind.UsingDeclaration);
        context.RegisterOperationAction(analysis.AnalyzeUsing, OperationKind.Using);
        context.RegisterOperationAction(analysis.AnalyzeTryFinally, OperationKind.Try);
    }

    private sealed class Analysis
    {
        private readonly TracingTypes _types;
        private readonly SpanErrorRecording _recording;
        private readonly INamedTypeSymbol? _canceled;
        private readonly ErrorStatusOnException _errorStatusOnException;

        public Analysis(TracingTypes types, SpanErrorRecording recording, INamedTypeSymbol? canceled, ErrorStatusOnException errorStatusOnException)
        {
            _types = types;
            _recording = recording;
            _canceled = canceled;
            _errorStatusOnException = errorStatusOnException;
        }

        public void AnalyzeUsingDeclaration(OperationAnalysisContext context)
        {
            var declaration = (IUsingDeclarationOperation)context.Operation;
            if (declaration.Parent is not IBlockOperation block)
            {
                return;
            }

            var span = EnclosingSpan.DeclaredBy(declaration.DeclarationGroup, block, _types);
            if (span is not null)
            {
                int index = block.Operations.IndexOf(declaration);
                Check(context, span, UsingDeclarationShape, lifetime: block, declaration.DeclarationGroup, block.Operations, index + 1);
            }
        }

        public void AnalyzeUsing(OperationAnalysisContext context)
        {
            var usingOperation = (IUsingOperation)context.Operation;
            if (usingOperation.Body is IBlockOperation { Operations.IsEmpty: true })
            {
                return;
            }

            var span = EnclosingSpan.DeclaredBy(usingOperation.Resources, usingOperation, _types);
            if (span is not null)
            {
                Check(context, span, UsingStatementShape, lifetime: usingOperation, usingOperation.Resources, ImmutableArray.Create<IOperation>(usingOperation.Body), 0);
            }
        }

        /// <summary><c>var span = Start(); try { ... } finally { span.Stop(); }</c>, the shape most code without <c>using</c> has.</summary>
        public void AnalyzeTryFinally(OperationAnalysisContext context)
        {
            var tryOperation = (ITryOperation)context.Operation;
            if (tryOperation.Finally is not { } @finally
                || !tryOperation.Catches.IsEmpty
                || tryOperation.Body.Operations.IsEmpty
                || tryOperation.Parent is not IBlockOperation block)
            {
                return;
            }

            int index = block.Operations.IndexOf(tryOperation);
            if (index < 1
                || block.Operations[index - 1] is not IVariableDeclarationGroupOperation declaration
                || EnclosingSpan.DeclaredBy(declaration, block, _types) is not { } span
                || EndInFinally(@finally, span.Local) is not { } end)
            {
                return;
            }

            // Reported where the span ends: the start is outside the try this callback analyzes.
            Check(context, span, FinallyShape, lifetime: tryOperation, declaration, ImmutableArray.Create<IOperation>(tryOperation.Body), 0, end);
        }

        private void Check(
            OperationAnalysisContext context,
            EnclosingSpan span,
            string shape,
            IOperation lifetime,
            IOperation declaration,
            ImmutableArray<IOperation> statements,
            int first,
            IOperation? reportedEnd = null)
        {
            if (span.Local.Name.Length == 0
                || first >= statements.Length
                || HandlingCatchAround(lifetime) is not { } handling
                || RecordsInItsOwnCatch(statements, first, span.Local)
                || _errorStatusOnException.IsOn)
            {
                return;
            }

            var (tryOperation, catchClause) = handling;
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ShapeProperty, shape)
                .Add(SpanLocalProperty, span.Local.Name)
                .Add(SpanApiProperty, span.Api.ToString());
            if (shape == UsingDeclarationShape && CanMoveBeforeTry(lifetime, declaration, tryOperation))
            {
                properties = properties.Add(CanMoveBeforeTryProperty, "true");
            }

            var declarator = DeclaratorOf(declaration, span.Local);
            var reported = reportedEnd?.Syntax
                ?? (declarator?.Initializer ?? (declarator?.Parent as IVariableDeclarationOperation)?.Initializer)?.Value.Syntax
                ?? declaration.Syntax;
            var catchLocation = catchClause.Syntax is CatchClauseSyntax syntax ? syntax.CatchKeyword.GetLocation() : catchClause.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SpanEndsBeforeCatch,
                reported.GetLocation(),
                new[] { catchLocation },
                properties,
                span.Local.Name));
        }

        /// <summary>
        /// The nearest <c>try</c> around <paramref name="lifetime"/> in the same function with a catch that handles the
        /// failure: anything but a catch of cancellation or one that only rethrows (<c>throw;</c>).
        /// </summary>
        private (ITryOperation Try, ICatchClauseOperation Catch)? HandlingCatchAround(IOperation lifetime)
        {
            var child = lifetime;
            for (var parent = lifetime.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                    case ITryOperation tryOperation when tryOperation.Body == child:
                        foreach (var catchClause in tryOperation.Catches)
                        {
                            // Cancellation is how an operation is stopped on purpose, not a failure of it.
                            if (!TypeLookup.DerivesFrom(catchClause.ExceptionType, _canceled) && !OnlyRethrows(catchClause.Handler))
                            {
                                return (tryOperation, catchClause);
                            }
                        }

                        break;
                }
            }

            return null;
        }

        /// <summary>True when a catch inside the span's lifetime records the error on it, as OBS3002 counts recording.</summary>
        private bool RecordsInItsOwnCatch(ImmutableArray<IOperation> statements, int first, ILocalSymbol span)
        {
            for (int i = first; i < statements.Length; i++)
            {
                foreach (var operation in statements[i].DescendantsAndSelf())
                {
                    if (operation is not ITryOperation { Catches.IsEmpty: false } inner)
                    {
                        continue;
                    }

                    foreach (var catchClause in inner.Catches)
                    {
                        var exception = (catchClause.ExceptionDeclarationOrExpression as IVariableDeclaratorOperation)?.Symbol;
                        if (_recording.Records(catchClause.Filter, span, exception) || _recording.Records(catchClause.Handler, span, exception))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>The statement of the finally itself (not one nested in a condition: it runs on every path) that ends the span.</summary>
        private IOperation? EndInFinally(IBlockOperation @finally, ILocalSymbol local)
        {
            foreach (var operation in @finally.Operations)
            {
                if (operation is IExpressionStatementOperation { Operation: var expression }
                    && (expression as IInvocationOperation ?? (expression as IConditionalAccessOperation)?.WhenNotNull as IInvocationOperation) is { } call
                    && _types.EndsLocal(call, local))
                {
                    return expression;
                }
            }

            return null;
        }

        private static bool OnlyRethrows(IBlockOperation handler) =>
            handler.Operations.Length == 1
            && handler.Operations[0] is IThrowOperation { Exception: null } or IExpressionStatementOperation { Operation: IThrowOperation { Exception: null } };

        /// <summary>
        /// True when the span's <c>using</c> declaration is the first statement of the handling try, that try is the
        /// last statement of its block, and starting the span cannot throw: moved before the try, the span then also
        /// covers the catch and ends where it did, and the catch sees the same exceptions.
        /// </summary>
        private bool CanMoveBeforeTry(IOperation lifetime, IOperation declaration, ITryOperation handling)
        {
            if (handling.Body != lifetime
                || handling.Body is not IBlockOperation body
                || body.Operations.IsEmpty
                || body.Operations[0] != declaration.Parent
                || handling.Parent is not IBlockOperation outer
                || outer.Operations[outer.Operations.Length - 1] != handling)
            {
                return false;
            }

            foreach (var operation in declaration.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation when _types.IsSpanStart(invocation):
                    case IVariableDeclarationOperation or IVariableDeclaratorOperation or IVariableInitializerOperation:
                    case ILiteralOperation or IFieldReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation:
                    case IInstanceReferenceOperation or IConversionOperation or IArgumentOperation or IDefaultValueOperation:
                    case IConditionalAccessOperation or IConditionalAccessInstanceOperation:
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }

        private static IVariableDeclaratorOperation? DeclaratorOf(IOperation declaration, ILocalSymbol local)
        {
            foreach (var operation in declaration.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    return declarator;
                }
            }

            return null;
        }
    }
}
