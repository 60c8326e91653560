using System;
using System.IO;
using System.Text;
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

        NameSearch? search = null;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!Mentions(tree.GetText(cancellationToken), ref search))
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

    /// <summary>Whether the text holds the method's name: an ordinal search of the pieces the text writes itself out in.</summary>
    internal static bool Mentions(SourceText text, ref NameSearch? search)
    {
        search ??= new NameSearch(MethodName);
        search.Reset();
        text.Write(search);
        return search.Found;
    }

    /// <summary>
    /// Searches what is written to it, as one text, for a name. A text hands its own storage to a writer (a file read
    /// whole, its one string; a long file, its chunks), so nothing is copied; a name across two pieces is still found.
    /// </summary>
    internal sealed class NameSearch : TextWriter
    {
        private readonly string _name;
        // The last characters written, one fewer than the name, and the next piece's first ones: a name across pieces.
        private readonly char[] _seam;
        private readonly char[] _one = new char[1];
        private int _tailLength;

        public NameSearch(string name)
        {
            _name = name;
            _seam = new char[2 * (name.Length - 1)];
        }

        public bool Found { get; private set; }

        public override Encoding Encoding => Encoding.Unicode;

        public void Reset()
        {
            Found = false;
            _tailLength = 0;
        }

        public override void Write(string? value)
        {
            if (value is not null)
            {
                Search(value.AsSpan());
            }
        }

        public override void Write(char[] buffer, int index, int count) => Search(buffer.AsSpan(index, count));

        public override void Write(char value)
        {
            _one[0] = value;
            Search(_one);
        }

        private void Search(ReadOnlySpan<char> piece)
        {
            if (Found || piece.IsEmpty)
            {
                return;
            }

            var name = _name.AsSpan();
            int keep = name.Length - 1;
            if (_tailLength > 0)
            {
                int head = Math.Min(keep, piece.Length);
                piece.Slice(0, head).CopyTo(_seam.AsSpan(_tailLength));
                if (_seam.AsSpan(0, _tailLength + head).IndexOf(name) >= 0)
                {
                    Found = true;
                    return;
                }
            }

            if (piece.IndexOf(name) >= 0)
            {
                Found = true;
                return;
            }

            // Keep the last characters of everything written so far for the next piece's seam.
            if (piece.Length >= keep)
            {
                piece.Slice(piece.Length - keep).CopyTo(_seam);
                _tailLength = keep;
            }
            else
            {
                int fromTail = Math.Min(_tailLength, keep - piece.Length);
                _seam.AsSpan(_tailLength - fromTail, fromTail).CopyTo(_seam);
                piece.CopyTo(_seam.AsSpan(fromTail));
                _tailLength = fromTail + piece.Length;
            }
        }
    }
}
