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

    public PiiContract(ImmutableArray<string> fields, ImmutableArray<string> allow, string? redactor)
    {
        Fields = fields;
        Allow = allow;
        Redactor = redactor;
        var words = ImmutableArray.CreateBuilder<ImmutableArray<string>>(fields.Length);
        foreach (string field in fields)
        {
            words.Add(NameWords.Split(field));
        }

        _fieldWords = words.MoveToImmutable();
    }

    public ImmutableArray<string> Fields { get; }

    /// <summary>Names that contain a PII word but are safe; they win over <see cref="Fields"/>.</summary>
    public ImmutableArray<string> Allow { get; }

    /// <summary>Fully-qualified static <c>string -> string</c> method that fixes may wrap around a PII value.</summary>
    public string? Redactor { get; }

    /// <summary>The PII entry whose words <paramref name="name"/> contains (<c>customer_email</c> contains <c>email</c>), or null.</summary>
    /// <remarks>
    /// Asked for every log field, label and attribute, nearly all of them innocent: a name that does not even contain the
    /// first word of an entry as text is turned away before it is split into words.
    /// </remarks>
    public string? FindPiiField(string name)
    {
        if (!MayContainEntry(name) || IsAllowed(name))
        {
            return null;
        }

        var words = NameWords.Split(name);
        for (int i = 0; i < _fieldWords.Length; i++)
        {
            if (NameWords.ContainsRun(words, _fieldWords[i]))
            {
                return Fields[i];
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> is a <c>pii.allow</c> name: the team says what it holds is safe.</summary>
    public bool IsAllowed(string name) => !Allow.IsEmpty && ContractNames.FindByWords(name, Allow) is not null;

    private bool MayContainEntry(string name)
    {
        for (int i = 0; i < _fieldWords.Length; i++)
        {
            var words = _fieldWords[i];
            if (!words.IsEmpty && name.IndexOf(words[0], StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
