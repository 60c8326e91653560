using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Contract;

/// <summary>The contract file a compilation uses, with its text and parsed model.</summary>
internal sealed class ContractSource
{
    /// <summary>The file name the analyzers look for among the AdditionalFiles.</summary>
    public const string FileName = "contract.json";

    /// <summary>The MSBuild property that names the contract explicitly; the package's props make it visible to analyzers.</summary>
    public const string PathProperty = "build_property.SignalContractPath";

    // Every rule of every compilation asks for the contract; the parse happens once per distinct text.
    private static readonly ConditionalWeakTable<SourceText, ContractModel> ModelsByText = new();
    private static readonly ConcurrentDictionary<string, ContractModel> ModelsByChecksum = new(StringComparer.Ordinal);
    private const int MaxCachedContents = 32;

    private ContractSource(AdditionalText file, SourceText text, ContractModel model)
    {
        File = file;
        Text = text;
        Model = model;
    }

    public AdditionalText File { get; }

    public SourceText Text { get; }

    public ContractModel Model { get; }

    /// <summary>
    /// The file named by <c>SignalContractPath</c> when that property is set, otherwise the first AdditionalFile named
    /// <c>contract.json</c>; null when there is none or it cannot be read.
    /// </summary>
    public static ContractSource? Find(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var file = FindFile(options);
        if (file is null)
        {
            return null;
        }

        var text = file.GetText(cancellationToken);
        return text is null ? null : new ContractSource(file, text, Parse(text));
    }

    /// <summary>The contract path that the build asked for, when one was set.</summary>
    public static string? ConfiguredPath(AnalyzerOptions options) =>
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PathProperty, out string? path) && !string.IsNullOrWhiteSpace(path)
            ? path
            : null;

    public static bool IsContractFile(AdditionalText file, AnalyzerOptions options)
    {
        var chosen = FindFile(options);
        return chosen is not null && ReferenceEquals(chosen, file);
    }

    public static ContractModel Parse(SourceText text)
    {
        if (ModelsByText.TryGetValue(text, out var cached))
        {
            return cached;
        }

        string key = ChecksumKey(text);
        if (!ModelsByChecksum.TryGetValue(key, out var model))
        {
            model = ContractReader.Read(text.ToString());
            if (ModelsByChecksum.Count >= MaxCachedContents)
            {
                // Editing contract.json in the IDE makes a new content per keystroke; keep only recent ones.
                ModelsByChecksum.Clear();
            }

            ModelsByChecksum[key] = model;
        }

        return ModelsByText.GetValue(text, _ => model);
    }

    private static AdditionalText? FindFile(AnalyzerOptions options)
    {
        var files = options.AdditionalFiles;
        if (files.IsEmpty)
        {
            return null;
        }

        string? configured = ConfiguredPath(options);
        if (configured is not null)
        {
            string wanted = Normalize(configured);
            foreach (var file in files)
            {
                if (string.Equals(Normalize(file.Path), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return file;
                }
            }

            return null;
        }

        foreach (var file in files)
        {
            if (string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase))
            {
                return file;
            }
        }

        return null;
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');

    private static string ChecksumKey(SourceText text)
    {
        ImmutableArray<byte> checksum = text.GetChecksum();
        var chars = new char[checksum.Length * 2];
        for (int i = 0; i < checksum.Length; i++)
        {
            chars[2 * i] = Hex(checksum[i] >> 4);
            chars[(2 * i) + 1] = Hex(checksum[i] & 0xF);
        }

        return text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + new string(chars);
    }

    private static char Hex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
