using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SignalContract.CodeFixes.Infrastructure;

/// <summary>
/// For fixes that write new code whose binding depends on what surrounds it (names in scope, overloads, the nullable
/// context, the language version): the fix is offered only when it adds no compiler error or warning.
/// </summary>
internal static class FixCompiles
{
    public static async Task<bool> AddsNoProblemAsync(Document original, Document fixedDocument, CancellationToken cancellationToken)
    {
        var before = await original.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var after = await fixedDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return before is not null && after is not null && Problems(after, cancellationToken) <= Problems(before, cancellationToken);
    }

    private static int Problems(SemanticModel model, CancellationToken cancellationToken)
    {
        int count = 0;
        foreach (var diagnostic in model.GetDiagnostics(cancellationToken: cancellationToken))
        {
            if (diagnostic.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            {
                count++;
            }
        }

        return count;
    }
}
