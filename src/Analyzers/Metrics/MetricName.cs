using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Metrics;

internal enum NameState
{
    /// <summary>No usable value: an omitted argument, a null literal, or code that does not bind yet.</summary>
    Missing,

    /// <summary>A literal, a <c>const</c>, <c>nameof</c>, or a constant interpolated string.</summary>
    Constant,

    /// <summary>A parameter of the enclosing method: a wrapper whose callers pass the constant.</summary>
    Parameter,

    /// <summary>Computed at run time; cannot be checked.</summary>
    NotConstant,
}

/// <summary>A metric name, meter name or label key as the code gives it.</summary>
internal readonly struct MetricName
{
    private MetricName(NameState state, string? value, IOperation? operation)
    {
        State = state;
        Value = value;
        Operation = operation;
    }

    public NameState State { get; }

    /// <summary>The constant text; null unless <see cref="State"/> is Constant.</summary>
    public string? Value { get; }

    /// <summary>The expression that gives the name, for locations; null when the argument is omitted.</summary>
    public IOperation? Operation { get; }

    public bool IsConstant => State == NameState.Constant;

    /// <summary>True when the name is written as a string literal at this place, so a fix can rewrite it in place.</summary>
    public bool IsLiteral => Operation?.Syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression);

    /// <summary>
    /// True when a fix can rewrite the name: a string literal here, or a <c>const</c> field declared in source with a
    /// string literal (the fix then rewrites the declaration, which renames every use at once).
    /// </summary>
    public bool IsRewritable
    {
        get
        {
            if (IsLiteral)
            {
                return true;
            }

            return Operation is not null
                && Unwrap(Operation) is IFieldReferenceOperation { Field: { IsConst: true } constant }
                && ConstantLiteral(constant) is not null;
        }
    }

    public Location? Location => Operation?.Syntax.GetLocation();

    /// <summary>The string literal that initialises a <c>const</c> field declared in source, or null.</summary>
    public static LiteralExpressionSyntax? ConstantLiteral(IFieldSymbol field)
    {
        if (field.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        return field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal }
            && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? literal
            : null;
    }

    public static MetricName Read(IOperation? value)
    {
        if (value is null || value.Syntax is null)
        {
            return default;
        }

        var unwrapped = Unwrap(value);
        if (unwrapped.ConstantValue.HasValue)
        {
            return unwrapped.ConstantValue.Value is string text
                ? new MetricName(NameState.Constant, text, value)
                : default;
        }

        if (unwrapped.Kind == OperationKind.Invalid || unwrapped.Type is null || unwrapped.Type.TypeKind == TypeKind.Error)
        {
            return default;
        }

        return unwrapped is IParameterReferenceOperation
            ? new MetricName(NameState.Parameter, null, value)
            : new MetricName(NameState.NotConstant, null, value);
    }

    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
