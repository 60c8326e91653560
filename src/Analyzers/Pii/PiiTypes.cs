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
    private const string ComplianceAssembly = "Microsoft.Extensions.Compliance.Abstractions";
    private const string IdentityAssembly = "Microsoft.Extensions.Identity.Core";
    private const string TelemetryAssembly = "Microsoft.Extensions.Telemetry.Abstractions";

    private PiiTypes(Compilation compilation)
    {
        // A search by metadata name looks through every reference, and most services reference none of these
        // libraries: each is searched for only when the assembly that defines it is referenced.
        bool compliance = false, identity = false, telemetry = false;
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            compliance |= reference.Name == ComplianceAssembly;
            identity |= reference.Name == IdentityAssembly;
            telemetry |= reference.Name == TelemetryAssembly;
        }

        // A compilation of one of the libraries itself.
        compliance |= compilation.AssemblyName == ComplianceAssembly;
        identity |= compilation.AssemblyName == IdentityAssembly;
        telemetry |= compilation.AssemblyName == TelemetryAssembly;

        DataClassificationAttribute = compliance ? compilation.GetTypeByMetadataName("Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute") : null;
        NoDataClassificationAttribute = TypeLookup.Beside(compilation, DataClassificationAttribute, "Microsoft.Extensions.Compliance.Classification.NoDataClassificationAttribute");
        UnknownDataClassificationAttribute = TypeLookup.Beside(compilation, DataClassificationAttribute, "Microsoft.Extensions.Compliance.Classification.UnknownDataClassificationAttribute");
        Redactor = TypeLookup.Beside(compilation, DataClassificationAttribute, "Microsoft.Extensions.Compliance.Redaction.Redactor");
        PersonalDataAttribute = identity ? compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PersonalDataAttribute") : null;
        TimeSpan = TypeLookup.InCoreLibrary(compilation, "System.TimeSpan");
        LogPropertyIgnoreAttribute = telemetry ? compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LogPropertyIgnoreAttribute") : null;
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
