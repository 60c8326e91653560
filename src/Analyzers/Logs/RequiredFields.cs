using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// The contract's <c>logs.requiredFields</c> as bits, so that "which required fields does this supply" is a few word
/// comparisons and an OR, with nothing allocated. The first 64 fields are tracked; no contract needs more.
/// </summary>
internal sealed class RequiredFields
{
    /// <summary>The .editorconfig key that lists the fields a project's logging pipeline adds to every event.</summary>
    public const string SuppliedFieldsKey = "signal_contract.logs.supplied_fields";

    private readonly ImmutableArray<string> _names;
    private readonly AnalyzerConfigOptionsProvider? _options;
    private readonly ConcurrentDictionary<SyntaxTree, ulong> _suppliedByPipeline = new();

    public RequiredFields(ImmutableArray<string> names, AnalyzerConfigOptionsProvider? options)
    {
        _names = names.Length > 64 ? names.RemoveRange(64, names.Length - 64) : names;
        _options = options;
        All = _names.Length == 64 ? ulong.MaxValue : (1UL << _names.Length) - 1;
    }

    public ulong All { get; }

    public bool IsEmpty => _names.IsEmpty;

    /// <summary>The bit of the required field with the same words as <paramref name="name"/>; 0 when none.</summary>
    public ulong MaskOf(string name)
    {
        for (int i = 0; i < _names.Length; i++)
        {
            if (NameWords.SameWords(name, _names[i]))
            {
                return 1UL << i;
            }
        }

        return 0;
    }

    public ulong MaskOf(ImmutableArray<LogField> fields)
    {
        ulong mask = 0;
        foreach (var field in fields)
        {
            mask |= MaskOf(field.Name);
        }

        return mask;
    }

    /// <summary>The fields <c>signal_contract.logs.supplied_fields</c> lists for the file's project, read once per file.</summary>
    public ulong SuppliedByPipeline(SyntaxTree tree)
    {
        if (_options is null)
        {
            return 0;
        }

        if (!_suppliedByPipeline.TryGetValue(tree, out ulong mask))
        {
            mask = 0;
            foreach (string name in SuppliedFieldNames(_options.GetOptions(tree)))
            {
                mask |= MaskOf(name);
            }

            mask = _suppliedByPipeline.GetOrAdd(tree, mask);
        }

        return mask;
    }

    /// <summary>Every field <c>signal_contract.logs.supplied_fields</c> lists in <paramref name="options"/>, required or not.</summary>
    public static ImmutableArray<string> SuppliedFieldNames(AnalyzerConfigOptions options)
    {
        if (!options.TryGetValue(SuppliedFieldsKey, out string? value))
        {
            return ImmutableArray<string>.Empty;
        }

        var names = ImmutableArray.CreateBuilder<string>();
        foreach (string entry in value.Split(','))
        {
            string name = entry.Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names.ToImmutable();
    }

    /// <summary>The names of the fields in <paramref name="mask"/>, quoted, in contract order: <c>'request_id', 'correlation_id'</c>.</summary>
    public string Describe(ulong mask) => Join(mask, "'", ", ");

    /// <summary>The names of the fields in <paramref name="mask"/>, comma-separated, for a fix to read back.</summary>
    public string List(ulong mask) => Join(mask, string.Empty, ",");

    private string Join(ulong mask, string quote, string separator)
    {
        var text = new StringBuilder();
        for (int i = 0; i < _names.Length; i++)
        {
            if ((mask & (1UL << i)) == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(separator);
            }

            text.Append(quote).Append(_names[i]).Append(quote);
        }

        return text.ToString();
    }
}
