using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// OBS2005: the OpenTelemetry logger (<c>AddOpenTelemetry</c> on <c>ILoggingBuilder</c>, <c>WithLogging</c>) or the JSON
/// console formatter (<c>AddJsonConsole</c>) configured while nothing in the compilation sets <c>IncludeScopes = true</c>
/// on its options, and the contract requires fields: both drop scopes by default, and with them every field supplied
/// through <c>BeginScope</c> or a scope provider. Decided at compilation end, since any options callback may set it.
/// </summary>
public sealed class LogScopeExportAnalyzer : SignalContractAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LogScopesNotExported);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (contract.Logs.RequiredFields.IsEmpty)
        {
            return;
        }

        var compilation = context.Compilation;
        var openTelemetryOptions = compilation.GetTypeByMetadataName("OpenTelemetry.Logs.OpenTelemetryLoggerOptions");
        var consoleOptions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions");
        if (openTelemetryOptions is null && consoleOptions is null)
        {
            return;
        }

        var state = new ExportState(
            openTelemetryOptions,
            consoleOptions,
            TypeLookup.Beside(compilation, consoleOptions, "Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions"),
            new RequiredFields(contract.Logs.RequiredFields, context.Options.AnalyzerConfigOptionsProvider),
            SetInSettings(context.Options, context.CancellationToken));
        context.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(state.AnalyzeAssignment, OperationKind.SimpleAssignment);
        context.RegisterCompilationEndAction(state.Report);
    }

    /// <summary>
    /// True when an appsettings file handed to the analyzers sets <c>"IncludeScopes": true</c>: the options bind from
    /// configuration (<c>Logging:OpenTelemetry</c>, <c>Logging:Console:FormatterOptions</c>).
    /// </summary>
    private static bool SetInSettings(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        foreach (var file in options.AdditionalFiles)
        {
            string name = System.IO.Path.GetFileName(file.Path);
            if (!name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
            int at = text.IndexOf("\"IncludeScopes\"", StringComparison.OrdinalIgnoreCase);
            while (at >= 0)
            {
                int colon = text.IndexOf(':', at);
                if (colon > 0 && text.Substring(colon + 1).TrimStart().StartsWith("true", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                at = text.IndexOf("\"IncludeScopes\"", at + 1, StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private enum Pipeline
    {
        OpenTelemetry,
        JsonConsole,
    }

    private sealed class ExportState
    {
        private readonly INamedTypeSymbol? _openTelemetryOptions;
        private readonly INamedTypeSymbol? _consoleOptions;
        private readonly INamedTypeSymbol? _jsonConsoleOptions;
        private readonly RequiredFields _required;
        private readonly ConcurrentQueue<(Pipeline Pipeline, Location Location, string Call)> _configured = new();
        private int _openTelemetryScopes;
        private int _consoleScopes;

        public ExportState(INamedTypeSymbol? openTelemetryOptions, INamedTypeSymbol? consoleOptions, INamedTypeSymbol? jsonConsoleOptions, RequiredFields required, bool setInSettings)
        {
            _openTelemetryOptions = openTelemetryOptions;
            _consoleOptions = consoleOptions;
            _jsonConsoleOptions = jsonConsoleOptions;
            _required = required;
            _openTelemetryScopes = setInSettings ? 1 : 0;
            _consoleScopes = setInSettings ? 1 : 0;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            Pipeline pipeline;
            switch (method.Name)
            {
                case "AddOpenTelemetry" when TakesOptions(method, _openTelemetryOptions) || ExtendsLoggingBuilder(method):
                case "WithLogging" when TakesOptions(method, _openTelemetryOptions):
                    if (_openTelemetryOptions is null || !ConfiguresLogging(method))
                    {
                        return;
                    }

                    pipeline = Pipeline.OpenTelemetry;
                    break;
                case "AddJsonConsole" when _jsonConsoleOptions is not null:
                    pipeline = Pipeline.JsonConsole;
                    break;
                default:
                    return;
            }

            // A project whose pipeline adds every required field to every event needs no scope.
            if ((_required.All & ~_required.SuppliedByPipeline(invocation.Syntax.SyntaxTree)) == 0)
            {
                return;
            }

            var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : invocation.Syntax.GetLocation();
            _configured.Enqueue((pipeline, location, method.Name));
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "IncludeScopes" } target
                || assignment.Value.ConstantValue is not { HasValue: true, Value: true })
            {
                return;
            }

            var type = target.Property.ContainingType;
            if (TypeLookup.Is(type, _openTelemetryOptions))
            {
                Interlocked.Exchange(ref _openTelemetryScopes, 1);
            }
            else if (TypeLookup.Is(type, _consoleOptions) && IsJsonOrBase(target.Instance?.Type))
            {
                Interlocked.Exchange(ref _consoleScopes, 1);
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            while (_configured.TryDequeue(out var configured))
            {
                bool included = configured.Pipeline == Pipeline.OpenTelemetry ? Volatile.Read(ref _openTelemetryScopes) == 1 : Volatile.Read(ref _consoleScopes) == 1;
                if (!included)
                {
                    string what = configured.Pipeline == Pipeline.OpenTelemetry ? "The OpenTelemetry logger (" + configured.Call + ")" : "The JSON console formatter (AddJsonConsole)";
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogScopesNotExported, configured.Location, what));
                }
            }
        }

        /// <summary>The JSON formatter's options, or a variable of the base options type that may hold them.</summary>
        private bool IsJsonOrBase(ITypeSymbol? type) => type is null || TypeLookup.Is(type, _jsonConsoleOptions) || TypeLookup.Is(type, _consoleOptions);

        private static bool ExtendsLoggingBuilder(IMethodSymbol method) =>
            method.IsExtensionMethod && method.Parameters.Length > 0 && method.Parameters[0].Type.Name == "ILoggingBuilder";

        /// <summary>
        /// <c>AddOpenTelemetry</c> on <c>ILoggingBuilder</c> and <c>WithLogging</c> configure logs; <c>AddOpenTelemetry</c>
        /// on <c>IServiceCollection</c> alone configures nothing yet.
        /// </summary>
        private static bool ConfiguresLogging(IMethodSymbol method) =>
            method.Name == "WithLogging" || ExtendsLoggingBuilder(method);

        private static bool TakesOptions(IMethodSymbol method, INamedTypeSymbol? options)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type is INamedTypeSymbol { Name: "Action", TypeArguments.Length: 1 } action && TypeLookup.Is(action.TypeArguments[0], options))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
