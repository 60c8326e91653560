using System;
using System.Collections.Immutable;

namespace SignalContract.Analyzers.Contract;

/// <summary>The <c>pii</c> section.</summary>
internal sealed class PiiContract
{
    /// <summary>Used when <c>pii.fields</c> is absent; a given list replaces it.</summary>
    public static readonly ImmutableArray<string> BuiltInFields = ImmutableArray.Create(
        "email",
        "ssn",
        "password",
        "phone",
        "credit_card",
        "ip_address",
        "date_of_birth",
        "passport",
        "iban",
        "card_number",
        "cvv",
        "secret",
        "access_token",
        "refresh_token",
        "api_key");

    public static readonly PiiContract Default = new(BuiltInFields, ImmutableArray<string>.Empty, redactor: null);

    private readonly ImmutableArray<ImmutableArray<string>> _fieldWords;
    private readonly ImmutableArray<ImmutableArray<string>> _allowWords;

    public PiiContract(ImmutableArray<string> fields, ImmutableArray<string> allow, string? redactor)
    {
        Fields = fields;
        Allow = allow;
        Redactor = redactor;
        _fieldWords = SplitAll(fields);
        _allowWords = SplitAll(allow);
    }

    public ImmutableArray<string> Fields { get; }

    /// <summary>Names that contain a PII word but are safe; they win over <see cref="Fields"/>.</summary>
    public ImmutableArray<string> Allow { get; }

    /// <summary>Fully-qualified static <c>string -> string</c> method that fixes may wrap around a PII value.</summary>
    public string? Redactor { get; }

    /// <summary>The PII entry whose words <paramref name="name"/> contains (<c>customer_email</c> contains <c>email</c>), or null.</summary>
    /// <remarks>
    /// Asked for every log field, label and attribute, nearly all of them innocent: a name that does not even contain the
    /// first word of an entry as text is turned away before it is split into words. An entry's words that are part of an
    /// allowed name's words do not count: with <c>email_domain</c> allowed, <c>user.email_domain</c> is not PII.
    /// </remarks>
    public string? FindPiiField(string name)
    {
        if (!MayContain(name, _fieldWords))
        {
            return null;
        }

        var words = NameWords.Split(name);
        for (int i = 0; i < _fieldWords.Length; i++)
        {
            for (int at = NameWords.IndexOfRun(words, _fieldWords[i], 0); at >= 0; at = NameWords.IndexOfRun(words, _fieldWords[i], at + 1))
            {
                if (!IsInAllowedRun(words, at, _fieldWords[i].Length))
                {
                    return Fields[i];
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="name"/> contains a <c>pii.allow</c> name's words (<c>email_domain</c>,
    /// <c>user.email_domain</c>): the team says what it holds is safe.
    /// </summary>
    public bool IsAllowed(string name)
    {
        if (_allowWords.IsEmpty || !MayContain(name, _allowWords))
        {
            return false;
        }

        var words = NameWords.Split(name);
        foreach (var allowed in _allowWords)
        {
            if (NameWords.ContainsRun(words, allowed))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the words at <paramref name="start"/> lie inside an occurrence of an allowed name's words.</summary>
    private bool IsInAllowedRun(ImmutableArray<string> words, int start, int length)
    {
        foreach (var allowed in _allowWords)
        {
            // The first occurrence that ends at or after the entry's end; it covers the entry when it starts at or before it.
            int at = NameWords.IndexOfRun(words, allowed, Math.Max(0, start + length - allowed.Length));
            if (at >= 0 && at <= start)
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<ImmutableArray<string>> SplitAll(ImmutableArray<string> names)
    {
        var words = ImmutableArray.CreateBuilder<ImmutableArray<string>>(names.Length);
        foreach (string name in names)
        {
            words.Add(NameWords.Split(name));
        }

        return words.MoveToImmutable();
    }

    /// <summary>Cheap test before splitting: <paramref name="name"/> contains the first word of one of <paramref name="entries"/> as text.</summary>
    private static bool MayContain(string name, ImmutableArray<ImmutableArray<string>> entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            var words = entries[i];
            if (!words.IsEmpty && name.IndexOf(words[0], StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
