using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Contract;

/// <summary>
/// OBS0004: code names the service to OpenTelemetry with a constant other than the contract's <c>service</c>. Test
/// projects are left alone: they name fake services on purpose.
/// </summary>
public sealed class ServiceNameAnalyzer : SignalContractAnalyzer
{
    /// <summary>Diagnostic property: the constant the reported expression must hold instead (a string literal's value).</summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>Assemblies that only test projects reference: xUnit (v2 and v3), NUnit, MSTest, TUnit.</summary>
    private static readonly ImmutableHashSet<string> TestFrameworks = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "TUnit.Core");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ServiceNameMismatch);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (contract.Service is not { } service)
        {
            return;
        }

        var settings = ServiceNameSettings.Create(context.Compilation);
        if (settings is null || IsTestProject(context.Compilation))
        {
            return;
        }

        var analysis = new Analysis(settings, service);
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        if (settings.ReadsCreations)
        {
            context.RegisterOperationAction(analysis.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        }
    }

    private static bool IsTestProject(Compilation compilation)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (TestFrameworks.Contains(assembly.Name))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Analysis
    {
        private readonly ServiceNameSettings _settings;
        private readonly string _service;
        private readonly ImmutableDictionary<string, string?> _plainReplacement;

        public Analysis(ServiceNameSettings settings, string service)
        {
            _settings = settings;
            _service = service;
            _plainReplacement = ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, service);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            List<ServiceNameSetting>? found = null;
            _settings.Read((IInvocationOperation)context.Operation, ref found);
            Report(context, found);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            List<ServiceNameSetting>? found = null;
            _settings.Read((IObjectCreationOperation)context.Operation, ref found);
            Report(context, found);
        }

        private void Report(OperationAnalysisContext context, List<ServiceNameSetting>? found)
        {
            if (found is null)
            {
                return;
            }

            foreach (var setting in found)
            {
                if (string.Equals(setting.Name, _service, StringComparison.Ordinal))
                {
                    continue;
                }

                var properties = setting.Before.Length == 0 && setting.After.Length == 0
                    ? _plainReplacement
                    : ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, setting.Replacement(_service));
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ServiceNameMismatch,
                    setting.Value.Syntax.GetLocation(),
                    properties,
                    setting.Name,
                    _service));
            }
        }
    }
}
