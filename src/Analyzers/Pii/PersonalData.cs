using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Pii;

/// <summary>A name that matched a PII entry: the entry (<c>email</c>) and the name that contains it (<c>customer.Email</c>'s <c>Email</c>).</summary>
internal readonly struct PiiMatch
{
    public PiiMatch(string entry, string name)
    {
        Entry = entry;
        Name = name;
    }

    public string Entry { get; }

    public string Name { get; }
}

/// <summary>
/// The one judgement of what is personal data, shared by every PII rule: names that contain a <c>pii.fields</c> word
/// (and no <c>pii.allow</c> name), expressions that name such a value, and the values that cannot be personal data
/// whatever they are called: types that cannot carry it (<c>bool</c>, numbers, enums, <c>TimeSpan</c>), constants and
/// configuration keys, and results of sanitizers. What a type exposes through its members is
/// <see cref="TypeExposure"/>'s to tell. The rules decide where these questions are asked; this class never reports.
/// </summary>
internal sealed class PersonalData
{
    /// <summary>How far an expression is followed through receivers, branches and interpolations.</summary>
    private const int MaxDepth = 6;

    private readonly PiiContract _pii;

    private PersonalData(PiiContract pii, PiiTypes types, Sanitizers sanitizers)
    {
        _pii = pii;
        Types = types;
        Sanitizers = sanitizers;
        Exposure = new TypeExposure(this, types);
    }

    public PiiTypes Types { get; }

    public Sanitizers Sanitizers { get; }

    public TypeExposure Exposure { get; }

    public PiiContract Contract => _pii;

    /// <summary>Null when the contract lists no PII word (<c>"fields": []</c> turns detection off).</summary>
    public static PersonalData? Create(Compilation compilation, PiiContract pii, AnalyzerConfigOptionsProvider? options)
    {
        if (pii.Fields.IsEmpty)
        {
            return null;
        }

        var types = PiiTypes.Create(compilation);
        return new PersonalData(pii, types, new Sanitizers(pii.Redactor, types.Redactor, options));
    }

    /// <summary>The PII entry <paramref name="name"/> contains, or null. Cheap for the common innocent name.</summary>
    public string? EntryIn(string name) => _pii.FindPiiField(name);

    /// <summary>True for a <c>pii.allow</c> name: a value logged or recorded under it is trusted (<c>email_domain</c>).</summary>
    public bool IsAllowed(string? name) => name is not null && _pii.IsAllowed(name);

    /// <summary>
    /// True when a value of <paramref name="type"/> cannot hold personal data whatever it is called: <c>bool</c>,
    /// numbers, enums and <c>TimeSpan</c> (<c>EmailSent</c>, <c>PasswordAttempts</c>), or nullable forms of them. Dates
    /// and GUIDs can (a date of birth, an API key).
    /// </summary>
    public bool CannotCarry(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is null)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal
                or SpecialType.System_IntPtr or SpecialType.System_UIntPtr:
                return true;
        }

        return type.TypeKind == TypeKind.Enum || SymbolEqualityComparer.Default.Equals(type, Types.TimeSpan);
    }

    /// <summary>
    /// True when the value emitted under a PII name is not personal data after all: a constant (a configuration key,
    /// <c>nameof(Password)</c>), a type that cannot carry it, or a sanitizer's result. An unknown value is not safe.
    /// </summary>
    public bool IsSafeValue(IOperation? value)
    {
        if (value is null)
        {
            return false;
        }

        value = WithoutConversions(value);
        return value.ConstantValue.HasValue || CannotCarry(value.Type) || IsSanitized(value);
    }

    /// <summary>True when <paramref name="value"/> is the result of a sanitizer, also through <c>?.</c> and <c>await</c>.</summary>
    public bool IsSanitized(IOperation value)
    {
        value = WithoutConversions(value);
        while (true)
        {
            switch (value)
            {
                case IConditionalAccessOperation conditional:
                    value = WithoutConversions(conditional.WhenNotNull);
                    continue;
                case IAwaitOperation awaited:
                    value = WithoutConversions(awaited.Operation);
                    continue;
                case IInvocationOperation invocation:
                    return Sanitizers.IsSanitizer(invocation.TargetMethod, invocation.Syntax.SyntaxTree);
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The PII name <paramref name="value"/>'s expression names (<c>customer.Email</c>, <c>password</c>,
    /// <c>request.CardNumber</c>, <c>user.GetEmail()</c>, and strings built from them), or null. Constants, values whose
    /// type cannot carry personal data, and sanitizer results name none.
    /// </summary>
    public PiiMatch? NamedIn(IOperation? value) => value is null ? null : NamedIn(value, 0);

    private PiiMatch? NamedIn(IOperation value, int depth)
    {
        value = WithoutConversions(value);
        if (depth > MaxDepth || value.ConstantValue.HasValue || CannotCarry(value.Type))
        {
            return null;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                return Match(local.Local.Name);
            case IParameterReferenceOperation parameter:
                return Match(parameter.Parameter.Name);
            case IFieldReferenceOperation field:
                return Match(field.Field.Name);
            case IPropertyReferenceOperation property:
                // emails[0] is the collection's element: named by the collection.
                return property.Property.IsIndexer ? Follow(property.Instance, depth) : Match(property.Property.Name);
            case IArrayElementReferenceOperation element:
                return NamedIn(element.ArrayReference, depth + 1);
            case IConditionalAccessOperation conditional:
                return NamedIn(conditional.WhenNotNull, depth + 1);
            case IAwaitOperation awaited:
                return NamedIn(awaited.Operation, depth + 1);
            case IInvocationOperation invocation:
                return NamedByCall(invocation, depth);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && NamedIn(hole.Expression, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                return NamedIn(concatenation.LeftOperand, depth + 1) ?? NamedIn(concatenation.RightOperand, depth + 1);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return NamedIn(conditional.WhenTrue, depth + 1) ?? NamedIn(whenFalse, depth + 1);
            case ICoalesceOperation coalesce:
                return NamedIn(coalesce.Value, depth + 1) ?? NamedIn(coalesce.WhenNull, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// A call names PII when it is a getter by another name (<c>user.GetEmail()</c>, no arguments), or when it only
    /// reshapes a PII value (<c>email.Trim()</c>, <c>customer.Email.ToString()</c>). Other calls are the caller's own
    /// transformations (<c>HashEmail(email)</c>) and are not followed: their result is not the value they are given.
    /// </summary>
    private PiiMatch? NamedByCall(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (Sanitizers.IsSanitizer(method, invocation.Syntax.SyntaxTree))
        {
            return null;
        }

        int arguments = invocation.Arguments.Length - (method.IsExtensionMethod ? 1 : 0);
        if (arguments == 0 && method.Name != "ToString" && Match(method.Name) is { } getter)
        {
            return getter;
        }

        var receiver = invocation.Instance ?? (method.IsExtensionMethod && !invocation.Arguments.IsEmpty ? invocation.Arguments[0].Value : null);
        if (receiver is not null && (method.Name == "ToString" || method.ContainingType?.SpecialType == SpecialType.System_String))
        {
            return NamedIn(receiver, depth + 1);
        }

        return null;
    }

    private PiiMatch? Follow(IOperation? instance, int depth) => instance is null ? null : NamedIn(instance, depth + 1);

    private PiiMatch? Match(string name) => EntryIn(name) is { } entry ? new PiiMatch(entry, name) : null;

    /// <summary>The value as written: conversions, implicit or explicit, removed.</summary>
    public static IOperation WithoutConversions(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }
}
