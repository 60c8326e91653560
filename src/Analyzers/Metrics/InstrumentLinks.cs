using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// Links the record sites of one compilation to the creations of their instruments, and instruments to their meters.
/// Within a file the link is read from the code when the record site is analysed, so its findings appear as the code is
/// typed; across files, from every creation the compilation holds, once all of it has been seen.
/// </summary>
internal sealed class InstrumentLinks
{
    private readonly MetricsTypes _types;

    /// <summary>Fields and properties, with the creation their own file stores in them (null: none there).</summary>
    private readonly ConcurrentDictionary<ISymbol, InstrumentCreation?> _inFile = new(SymbolEqualityComparer.Default);

    /// <summary>Every creation stored in a field, property or local, from any file.</summary>
    private readonly ConcurrentDictionary<ISymbol, InstrumentCreation> _byHolder = new(SymbolEqualityComparer.Default);

    /// <summary>The name of the meter each holder is given; null when not one constant.</summary>
    private readonly ConcurrentDictionary<ISymbol, string?> _meterNames = new(SymbolEqualityComparer.Default);

    public InstrumentLinks(MetricsTypes types)
    {
        _types = types;
    }

    public InstrumentWrappers Wrappers { get; } = new();

    /// <summary>Remembers where a creation is stored, for record sites in other files.</summary>
    public void AddCreation(ISymbol holder, InstrumentCreation creation) => _byHolder.TryAdd(holder, creation);

    /// <summary>Remembers the name of the meter stored in <paramref name="holder"/>; two different names make it unknown.</summary>
    public void AddMeter(ISymbol holder, MetricName name)
    {
        string? value = name.IsConstant ? name.Value : null;
        _meterNames.AddOrUpdate(holder, value, (_, known) => string.Equals(known, value, System.StringComparison.Ordinal) ? known : null);
    }

    /// <summary>The creation stored in <paramref name="instrument"/> by any file; for the compilation's end, when all are known.</summary>
    public InstrumentCreation? FindAnywhere(ISymbol instrument) => _byHolder.TryGetValue(instrument, out var creation) ? creation : null;

    /// <summary>The meter name of a creation, once every meter of the compilation is known; null when not a constant.</summary>
    public string? MeterName(MeterOfInstrument meter)
    {
        if (meter.Name is { } name)
        {
            return name;
        }

        return meter.Holder is { } holder && _meterNames.TryGetValue(holder, out string? held) ? held : null;
    }

    /// <summary>
    /// The creation of <paramref name="recording"/>'s instrument when its own file shows it: in place, in the local's
    /// declaration or an assignment in the same method, or in the initializer of a field or property declared in this file
    /// or an assignment to it there. Null when the creation is in another file, or not in the code at all.
    /// </summary>
    public InstrumentCreation? FindInFile(MetricRecording recording, CancellationToken cancellationToken)
    {
        if (recording.Creation is { } creation)
        {
            return creation;
        }

        switch (recording.Instrument)
        {
            case ILocalSymbol local:
                return FindLocalCreation(local, recording.Operation, cancellationToken);
            case IFieldSymbol or IPropertySymbol when recording.Operation.SemanticModel is { } model && IsDeclaredIn(recording.Instrument, model.SyntaxTree):
                var member = recording.Instrument;
                if (!_inFile.TryGetValue(member, out var found))
                {
                    found = _inFile.GetOrAdd(member, FindMemberCreation(member, model, cancellationToken));
                }

                return found;
            default:
                return null;
        }
    }

    /// <summary>A creation, or the call of a same-file helper that makes one; null for any other value.</summary>
    public InstrumentCreation? ReadCreation(IOperation value, CancellationToken cancellationToken)
    {
        if (MetricName.Unwrap(value) is not IInvocationOperation invocation)
        {
            return null;
        }

        return InstrumentCreation.TryRead(invocation, _types) ?? Wrappers.CreationThrough(invocation, _types, cancellationToken);
    }

    private static bool IsDeclaredIn(ISymbol symbol, SyntaxTree tree)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree)
            {
                return true;
            }
        }

        return false;
    }

    private InstrumentCreation? FindLocalCreation(ILocalSymbol local, IOperation site, CancellationToken cancellationToken)
    {
        var root = site;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            var value = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                _ => null,
            };
            if (value is not null && ReadCreation(value, cancellationToken) is { } creation)
            {
                return creation;
            }
        }

        return null;
    }

    /// <summary>The member's initializer, or the first assignment to it in its type's declarations in this file.</summary>
    private InstrumentCreation? FindMemberCreation(ISymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            var initializer = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (initializer is not null && model.GetOperation(initializer, cancellationToken) is { } value)
            {
                return ReadCreation(value, cancellationToken);
            }
        }

        if (member.ContainingType is not { } type)
        {
            return null;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                // Only assignments whose target is spelt like the member are bound.
                if (node is AssignmentExpressionSyntax { Left: var left } assignment
                    && AssignedName(left) == member.Name
                    && model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation operation
                    && SymbolEqualityComparer.Default.Equals(MetricRecording.ReferencedSymbol(operation.Target), member)
                    && ReadCreation(operation.Value, cancellationToken) is { } creation)
                {
                    return creation;
                }
            }
        }

        return null;
    }

    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}

/// <summary>The meter an instrument is created on: its name when the code makes it in place, or what holds it.</summary>
internal readonly struct MeterOfInstrument
{
    public MeterOfInstrument(string? name, ISymbol? holder)
    {
        Name = name;
        Holder = holder;
    }

    public string? Name { get; }

    public ISymbol? Holder { get; }
}
