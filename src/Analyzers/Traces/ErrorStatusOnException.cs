using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

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

        var buffer = new char[8192];
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!Mentions(tree.GetText(cancellationToken), buffer))
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

    /// <summary>A search of the text through one reused buffer: a whole file's string per tree is what this spares.</summary>
    private static bool Mentions(SourceText text, char[] buffer)
    {
        int overlap = MethodName.Length - 1;
        for (int start = 0; start < text.Length; start += buffer.Length - overlap)
        {
            int count = Math.Min(buffer.Length, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            if (Contains(buffer, count))
            {
                return true;
            }

            if (start + count >= text.Length)
            {
                break;
            }
        }

        return false;
    }

    private static bool Contains(char[] buffer, int count)
    {
        for (int i = 0; i + MethodName.Length <= count; i++)
        {
            int matched = 0;
            while (matched < MethodName.Length && buffer[i + matched] == MethodName[matched])
            {
                matched++;
            }

            if (matched == MethodName.Length)
            {
                return true;
            }
        }

        return false;
    }
}
