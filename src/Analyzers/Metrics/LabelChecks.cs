using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// What is wrong with one label, one prometheus-net label list or one generated metric's tags, as the findings of
/// <see cref="MetricLabelAnalyzer"/>; which record site a label belongs to is the analyzer's business.
/// </summary>
internal static class LabelChecks
{
    /// <param name="properties">What the fix needs to give the whole site the declared label set: <see cref="SiteFixProperties"/>.</param>
    public static Diagnostic NotDeclared(LabelUse label, string metricName, ImmutableArray<string> declaredLabels, ImmutableDictionary<string, string?> properties) =>
        Diagnostic.Create(Descriptors.MetricLabelSetMismatch, label.Key.Location ?? label.Node.GetLocation(), properties, metricName, "the contract's labels " + Format(declaredLabels), $"'{label.Key.Value}' is not declared");

    /// <summary>
    /// The site's label keys the contract does not declare, and the declared labels it misses. Forbidden labels are
    /// OBS1007's; a key an earlier record site reads too is left alone, since removing it would change that site.
    /// </summary>
    public static (List<string> Undeclared, List<string> Missing) SiteMismatch(ImmutableArray<LabelUse> labels, HashSet<LabelUse>? forbidden, ImmutableArray<string> declaredLabels)
    {
        var undeclared = new List<string>();
        foreach (var label in labels)
        {
            if (label.EarlierSite is null
                && (forbidden is null || !forbidden.Contains(label))
                && ContractNames.FindByWords(label.Key.Value!, declaredLabels) is null)
            {
                undeclared.Add(label.Key.Value!);
            }
        }

        var missing = new List<string>();
        foreach (string declaredLabel in declaredLabels)
        {
            bool found = false;
            foreach (var label in labels)
            {
                found |= NameWords.SameWords(label.Key.Value!, declaredLabel);
            }

            if (!found)
            {
                missing.Add(declaredLabel);
            }
        }

        return (undeclared, missing);
    }

    /// <summary>
    /// What the OBS1005 fix needs to give the record site the declared label set in one go, whichever of the site's
    /// findings it starts from: every undeclared key at the site and every missing declared label.
    /// </summary>
    public static ImmutableDictionary<string, string?> SiteFixProperties(string action, List<string> undeclared, List<string> missing)
    {
        string separator = MetricDiagnosticProperties.Separator.ToString();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.LabelAction, action);
        if (undeclared.Count > 0)
        {
            properties = properties.Add(MetricDiagnosticProperties.UndeclaredLabels, string.Join(separator, undeclared));
        }

        return missing.Count > 0 ? properties.Add(MetricDiagnosticProperties.MissingLabels, string.Join(separator, missing)) : properties;
    }

    /// <summary>Tags of source-generated metrics are fixed where the metric is declared: check them there.</summary>
    public static void CheckGeneratedMetrics(SymbolAnalysisContext context, MetricsTypes types, MetricsContract metrics)
    {
        var generated = GeneratedMetric.Read((IMethodSymbol)context.Symbol, types, context.CancellationToken);
        if (generated is null)
        {
            return;
        }

        foreach (var metric in generated)
        {
            if (metric.Tags is not { } tags)
            {
                continue;
            }

            var keys = new List<string>(tags.Length);
            foreach (var tag in tags)
            {
                if (metrics.FindForbiddenLabel(tag.Key) is { } forbidden)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelHighCardinality, tag.Location, tag.Key, metric.Name, $"is the forbidden label '{forbidden}'"));
                    continue;
                }

                keys.Add(tag.Key);
                if (!NamingStyles.Conforms(tag.Key, metrics.LabelStyle) && NamingStyles.Format(tag.Key, metrics.LabelStyle) is { Length: > 0 } conventional)
                {
                    var properties = tag.IsLiteral
                        ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.NewName, conventional)
                        : ImmutableDictionary<string, string?>.Empty;
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricNamingStyle, tag.Location, properties, "Label key", tag.Key, NamingStyles.ContractName(metrics.LabelStyle), conventional));
                }
            }

            if (metrics.FindInstrument(metric.Name)?.Labels is { } declaredLabels && Difference(keys, declaredLabels) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelSetMismatch, metric.AttributeLocation, metric.Name, "the contract's labels " + Format(declaredLabels), problem));
            }
        }
    }

    public static void CheckPrometheusLabelNames(InstrumentCreation creation, ImmutableArray<MetricName> labelNames, MetricsContract metrics, ref List<Diagnostic>? findings)
    {
        string metricName = creation.Name.Value ?? "?";
        var keys = new List<string>(labelNames.Length);
        bool allConstant = true;
        foreach (var label in labelNames)
        {
            var diagnostic = CheckKey(label, metricName, metrics, removable: false);
            if (diagnostic is not null)
            {
                Add(ref findings, diagnostic);
            }

            if (label.IsConstant)
            {
                // A forbidden label is reported as such, not again as undeclared.
                if (diagnostic?.Descriptor != Descriptors.MetricLabelHighCardinality)
                {
                    keys.Add(label.Value!);
                }
            }
            else
            {
                allConstant = false;
            }
        }

        if (!allConstant || !creation.Name.IsConstant || creation.Name.Location is not { } location)
        {
            return;
        }

        var declared = metrics.FindInstrumentByPrometheusName(creation.Name.Value!);
        if (declared?.Labels is not { } declaredLabels)
        {
            return;
        }

        string? problem = Difference(keys, declaredLabels);
        if (problem is not null)
        {
            Add(ref findings, Diagnostic.Create(Descriptors.MetricLabelSetMismatch, location, metricName, "the contract's labels " + Format(declaredLabels), problem));
        }
    }

    public static void CheckPrometheusValues(MetricRecording recording, InstrumentCreation? creation, ImmutableArray<IOperation> values, string metricName, MetricsTypes types, ref List<Diagnostic>? findings)
    {
        var labelNames = creation?.LabelNames;
        for (int i = 0; i < values.Length; i++)
        {
            string key = labelNames is { } names && i < names.Length && names[i].IsConstant ? names[i].Value! : "#" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string? reason = HighCardinalityReason(values[i], types);
            if (reason is not null)
            {
                Add(ref findings, Diagnostic.Create(Descriptors.MetricLabelHighCardinality, values[i].Syntax.GetLocation(), key, metricName, reason));
            }
        }

        if (labelNames is { } declared && declared.Length != values.Length)
        {
            string problem = $"WithLabels gives {values.Length} value{(values.Length == 1 ? string.Empty : "s")} for {declared.Length} label name{(declared.Length == 1 ? string.Empty : "s")}";
            var names = new List<string>();
            foreach (var name in declared)
            {
                names.Add(name.Value ?? "?");
            }

            Add(ref findings, Diagnostic.Create(Descriptors.MetricLabelSetMismatch, recording.Operation.Syntax.GetLocation(), metricName, "its label names " + Format(names), problem));
        }
    }

    /// <summary>OBS1008, OBS1007 (forbidden key) or OBS1002 for one label key, in that order; null when the key is fine.</summary>
    public static Diagnostic? CheckKey(MetricName key, string metricName, MetricsContract metrics, bool removable)
    {
        if (key.Location is not { } location)
        {
            return null;
        }

        if (key.State == NameState.NotConstant)
        {
            return Diagnostic.Create(Descriptors.MetricNameNotConstant, location, $"The label key on metric '{metricName}'");
        }

        if (!key.IsConstant)
        {
            return null;
        }

        string value = key.Value!;
        if (metrics.FindForbiddenLabel(value) is { } forbidden)
        {
            var properties = removable
                ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.LabelAction, MetricDiagnosticProperties.RemoveLabel)
                : ImmutableDictionary<string, string?>.Empty;
            return Diagnostic.Create(Descriptors.MetricLabelHighCardinality, location, properties, value, metricName, $"is the forbidden label '{forbidden}'");
        }

        if (!NamingStyles.Conforms(value, metrics.LabelStyle))
        {
            string conventional = NamingStyles.Format(value, metrics.LabelStyle);
            if (conventional.Length > 0)
            {
                var properties = key.IsRewritable
                    ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.NewName, conventional)
                    : ImmutableDictionary<string, string?>.Empty;
                return Diagnostic.Create(Descriptors.MetricNamingStyle, location, properties, "Label key", value, NamingStyles.ContractName(metrics.LabelStyle), conventional);
            }
        }

        return null;
    }

    public static Diagnostic? CheckValue(LabelUse label, string metricName, MetricsTypes types)
    {
        if (label.Value is null || !label.Key.IsConstant)
        {
            return null;
        }

        string? reason = HighCardinalityReason(label.Value, types);
        if (reason is null)
        {
            return null;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.LabelAction, MetricDiagnosticProperties.RemoveLabel);
        return Diagnostic.Create(Descriptors.MetricLabelHighCardinality, label.Key.Location ?? label.Node.GetLocation(), properties, label.Key.Value, metricName, reason);
    }

    private static string? HighCardinalityReason(IOperation value, MetricsTypes types)
    {
        var unwrapped = MetricName.Unwrap(value);
        if (types.HighCardinalityType(unwrapped.Type) is { } unique)
        {
            return $"has a {unique.Name} value, unique per measurement";
        }

        // id.ToString(), or id?.ToString() for a nullable one.
        var formatted = unwrapped is IConditionalAccessOperation conditional ? MetricName.Unwrap(conditional.WhenNotNull) : unwrapped;
        if (formatted is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } && types.HighCardinalityType(instance.Type) is { } formattedType)
        {
            return $"has a formatted {formattedType.Name} value, unique per measurement";
        }

        if (unwrapped.ConstantValue.HasValue)
        {
            return null;
        }

        if (unwrapped is IInterpolatedStringOperation interpolated)
        {
            foreach (var part in interpolated.Parts)
            {
                if (part is IInterpolationOperation { Expression.ConstantValue.HasValue: false })
                {
                    return "has an interpolated string value built from run-time values";
                }
            }
        }

        // "attempt-" + attempt: as unbounded as its interpolated spelling.
        if (unwrapped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String })
        {
            return "has a concatenated string value built from run-time values";
        }

        return null;
    }

    public static string Format(IEnumerable<string> labels)
    {
        var builder = new StringBuilder("[");
        foreach (string label in labels)
        {
            if (builder.Length > 1)
            {
                builder.Append(", ");
            }

            builder.Append(label);
        }

        return builder.Append(']').ToString();
    }

    private static string? Difference(List<string> keys, ImmutableArray<string> declared)
    {
        foreach (string key in keys)
        {
            if (ContractNames.FindByWords(key, declared) is null)
            {
                return $"'{key}' is not declared";
            }
        }

        foreach (string label in declared)
        {
            bool found = false;
            foreach (string key in keys)
            {
                found |= NameWords.SameWords(key, label);
            }

            if (!found)
            {
                return $"'{label}' is missing";
            }
        }

        return null;
    }

    public static void Add(ref List<Diagnostic>? findings, Diagnostic diagnostic) => (findings ??= new List<Diagnostic>()).Add(diagnostic);
}
