using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>Use as <c>using Verify = CSharpCodeFixVerifier&lt;TheAnalyzer, TheFix&gt;;</c>.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, string? contract, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = source };
        TestContract.AddTo(test.TestState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Applies the fix (registered under <paramref name="equivalenceKey"/> when given) one diagnostic at a time and
    /// through Fix All in document, project and solution, and checks each ends at <paramref name="fixedSource"/>.
    /// </summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? contract, string? equivalenceKey = null, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        TestContract.AddTo(test.TestState, contract);
        TestContract.AddTo(test.FixedState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
            : this(TestReferences.Default)
        {
        }

        public Test(ReferenceSet references) => references.ApplyTo(this);
    }
}
