using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Pii;

/// <summary>
/// The types that say whether a value is personal data, resolved once per compilation: data-classification attributes
/// (Microsoft.Extensions.Compliance), ASP.NET Core Identity's <c>[PersonalData]</c>, the redaction API, and the
/// <c>[LogProperties]</c> companions whose members the logging generator redacts or skips. Null members mean the
/// compilation does not reference that library.
/// </summary>
internal sealed class PiiTypes
{
    private PiiTypes(Compilation compilation)
    {
        DataClassificationAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute");
        NoDataClassificationAttribute = TypeLookup.Beside(compilation, DataClassificationAttribute, "Microsoft.Extensions.Compliance.Classification.NoDataClassificationAttribute");
        UnknownDataClassificationAttribute = TypeLookup.Beside(compilation, DataClassificationAttribute, "Microsoft.Extensions.Compliance.Classification.UnknownDataClassificationAttribute");
        Redactor = TypeLookup.Beside(compilation, DataClassificationAttribute, "Microsoft.Extensions.Compliance.Redaction.Redactor");
        PersonalDataAttribute = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PersonalDataAttribute");
        TimeSpan = TypeLookup.InCoreLibrary(compilation, "System.TimeSpan");
        LogPropertyIgnoreAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LogPropertyIgnoreAttribute");
    }

    /// <summary>The base of every data-classification attribute (<c>[PrivateData]</c>, <c>[EUII]</c> and the like).</summary>
    public INamedTypeSymbol? DataClassificationAttribute { get; }

    /// <summary><c>[NoDataClassification]</c>: derives from the base, but says the member is not classified data.</summary>
    public INamedTypeSymbol? NoDataClassificationAttribute { get; }

    /// <summary><c>[UnknownDataClassification]</c>: derives from the base, but says nothing about the member.</summary>
    public INamedTypeSymbol? UnknownDataClassificationAttribute { get; }

    /// <summary><c>Microsoft.Extensions.Compliance.Redaction.Redactor</c>: its <c>Redact</c> results are safe.</summary>
    public INamedTypeSymbol? Redactor { get; }

    /// <summary>ASP.NET Core Identity's <c>[PersonalData]</c>; <c>[ProtectedPersonalData]</c> derives from it.</summary>
    public INamedTypeSymbol? PersonalDataAttribute { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? LogPropertyIgnoreAttribute { get; }

    public static PiiTypes Create(Compilation compilation) => new(compilation);
}
