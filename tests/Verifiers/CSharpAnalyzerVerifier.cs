using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>Use as <c>using Verify = CSharpAnalyzerVerifier&lt;TheAnalyzer&gt;;</c>.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    /// <summary>Runs the analyzer on <paramref name="source"/> with <paramref name="contract"/> as contract.json (none when null).</summary>
    public static Task VerifyAsync(string source, string? contract, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        TestContract.AddTo(test.TestState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
            : this(TestReferences.Default)
        {
        }

        public Test(ReferenceSet references) => references.ApplyTo(this);
    }
}
