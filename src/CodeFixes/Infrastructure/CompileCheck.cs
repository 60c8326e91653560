using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SignalContract.CodeFixes.Infrastructure;

/// <summary>Fixes whose result depends on code they cannot see in full are compiled before they are offered.</summary>
internal static class CompileCheck
{
    /// <summary>True when <paramref name="fixedDocument"/> has no more errors than <paramref name="original"/>.</summary>
    public static async Task<bool> AddsNoErrorAsync(Document original, Document fixedDocument, CancellationToken cancellationToken)
    {
        var before = await original.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var after = await fixedDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (before is null || after is null)
        {
            return false;
        }

        int Errors(SemanticModel model) => model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        return Errors(after) <= Errors(before);
    }
}
