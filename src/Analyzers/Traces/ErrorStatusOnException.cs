using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// Whether the project turns on the OpenTelemetry SDK's <c>SetErrorStatusOnException()</c>, which marks a span as failed
/// when an exception escapes it. Asked only when a rule is about to report, and answered once per compilation: the
/// call sits in one startup file, so the answer is a text search of every file and a look at the few that mention it.
/// Nothing is looked up until a rule asks.
/// </summary>
internal sealed class ErrorStatusOnException
{
    private const string MethodName = "SetErrorStatusOnException";

    private readonly Lazy<bool> _isOn;

    public ErrorStatusOnException(Compilation compilation, CancellationToken cancellationToken) =>
        _isOn = new Lazy<bool>(() => IsCalled(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);

    public bool IsOn => _isOn.Value;

    private static bool IsCalled(Compilation compilation, CancellationToken cancellationToken)
    {
        // Without the OpenTelemetry SDK the setting does not exist; looked up only now, when a rule is about to report.
        if (compilation.GetTypeByMetadataName("OpenTelemetry.Trace.TracerProviderBuilderExtensions") is not { } extensions
            || extensions.GetMembers(MethodName).IsEmpty)
        {
            return false;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetText(cancellationToken).ToString().IndexOf(MethodName, StringComparison.Ordinal) < 0)
            {
                continue;
            }

            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                // SetErrorStatusOnException() and SetErrorStatusOnException(true) turn it on; (false) turns it off.
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: MethodName } } call
                    && (call.ArgumentList.Arguments.Count == 0 || !call.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
