using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SignalContract.Bench.Hosting;

/// <summary>Telemetry call sites found in a compilation, by signal.</summary>
internal sealed record CallSiteCount(int Metrics, int Logs, int Traces, int TelemetryLines, int Lines)
{
    public int Total => Metrics + Logs + Traces;
}

/// <summary>
/// Counts invocations and creations that bind to a telemetry API, the work the rules must look at. Generated trees
/// are skipped: the rules skip them too.
/// </summary>
internal static class CallSiteCounter
{
    public static CallSiteCount Count(Compilation compilation, Func<SyntaxTree, bool> include)
    {
        int metrics = 0, logs = 0, traces = 0, telemetryLines = 0, lines = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!include(tree))
            {
                continue;
            }

            var model = compilation.GetSemanticModel(tree);
            var text = tree.GetText();
            lines += text.Lines.Count;
            var linesWithTelemetry = new HashSet<int>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is AttributeSyntax attribute)
                {
                    // [LoggerMessage], [Counter], [Histogram]: declarations of telemetry, not call sites.
                    string attributeName = attribute.Name.ToString();
                    if (attributeName is "LoggerMessage" or "Counter" or "Histogram" or "Gauge")
                    {
                        linesWithTelemetry.Add(text.Lines.GetLineFromPosition(node.SpanStart).LineNumber);
                    }

                    continue;
                }

                if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(node).Symbol as IMethodSymbol;
                switch (Classify(symbol))
                {
                    case Signal.Metrics:
                        metrics++;
                        break;
                    case Signal.Logs:
                        logs++;
                        break;
                    case Signal.Traces:
                        traces++;
                        break;
                    default:
                        continue;
                }

                linesWithTelemetry.Add(text.Lines.GetLineFromPosition(node.SpanStart).LineNumber);
            }

            telemetryLines += linesWithTelemetry.Count;
        }

        return new CallSiteCount(metrics, logs, traces, telemetryLines, lines);
    }

    private enum Signal
    {
        None,
        Metrics,
        Logs,
        Traces,
    }

    private static Signal Classify(IMethodSymbol? method)
    {
        if (method is null)
        {
            return Signal.None;
        }

        method = method.ReducedFrom ?? method;
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "LoggerMessageAttribute")
            {
                return Signal.Logs;
            }
        }

        var type = method.ContainingType;
        string ns = type?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("System.Diagnostics.Metrics", StringComparison.Ordinal) || ns == "Prometheus"
            || ns == "Microsoft.Extensions.Diagnostics.Metrics" || type?.Name == "TagList")
        {
            return Signal.Metrics;
        }

        if (ns == "Microsoft.Extensions.Logging" || ns.StartsWith("Serilog", StringComparison.Ordinal))
        {
            return Signal.Logs;
        }

        if (ns == "OpenTelemetry.Trace" || (ns == "System.Diagnostics" && type?.Name is "Activity" or "ActivitySource"))
        {
            return Signal.Traces;
        }

        // Instruments made by the metrics source generator live in the service's own namespace.
        if (type is not null && method.Name is "Add" or "Record")
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree.FilePath.Contains("Microsoft.Gen.Metrics", StringComparison.Ordinal))
                {
                    return Signal.Metrics;
                }
            }
        }

        return Signal.None;
    }
}
