using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SignalContract.Analyzers.Contract;

namespace SignalContract.CodeFixes.Logs;

/// <summary>What the logging fixes share: the contract's log section, and how a value's expression becomes a field name.</summary>
internal static class LogFixContext
{
    /// <summary>The <c>logs</c> section of the contract the analyzers read for this project, or the defaults.</summary>
    public static LogsContract Logs(Project project, CancellationToken cancellationToken) =>
        ContractSource.Find(project.AnalyzerOptions, cancellationToken) is { Model: { IsValid: true } model } ? model.Logs : LogsContract.Default;

    /// <summary>
    /// The field a value is logged as: the words of its name (<c>order.Id</c> → <c>order_id</c>, <c>GetTotal()</c> →
    /// <c>total</c>, <c>this._orderId</c> → <c>order_id</c>) in the contract's spelling when it names a contract field, else
    /// in <c>fieldStyle</c>; <c>value</c> when the expression has no name.
    /// </summary>
    public static string FieldNameFor(ExpressionSyntax expression, LogsContract logs)
    {
        var names = new List<string>();
        for (ExpressionSyntax? current = expression; current is not null;)
        {
            switch (current)
            {
                case IdentifierNameSyntax identifier:
                    names.Insert(0, identifier.Identifier.ValueText);
                    current = null;
                    break;
                case MemberAccessExpressionSyntax access:
                    names.Insert(0, access.Name.Identifier.ValueText);
                    current = access.Expression is ThisExpressionSyntax or BaseExpressionSyntax ? null : access.Expression;
                    break;
                case MemberBindingExpressionSyntax binding:
                    names.Insert(0, binding.Name.Identifier.ValueText);
                    current = null;
                    break;
                case ConditionalAccessExpressionSyntax conditional:
                    // order?.Id: the receiver, then the binding.
                    string tail = FieldNameWords(conditional.WhenNotNull);
                    if (tail.Length > 0)
                    {
                        names.Insert(0, tail);
                    }

                    current = conditional.Expression;
                    break;
                case InvocationExpressionSyntax invocation:
                    // x.ToString("N2") is x; order.GetTotal() is order.Total.
                    if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" } toString)
                    {
                        current = toString.Expression;
                        break;
                    }

                    var (called, receiver) = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax access => (access.Name.Identifier.ValueText, access.Expression is ThisExpressionSyntax or BaseExpressionSyntax ? null : access.Expression),
                        IdentifierNameSyntax identifier => (identifier.Identifier.ValueText, (ExpressionSyntax?)null),
                        _ => (string.Empty, null),
                    };
                    if (called.Length > 3 && called.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(called[3]))
                    {
                        called = called.Substring(3);
                    }

                    if (called.Length > 0)
                    {
                        names.Insert(0, called);
                    }

                    current = receiver;
                    break;
                case ElementAccessExpressionSyntax element:
                    current = element.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized.Expression;
                    break;
                case CastExpressionSyntax cast:
                    current = cast.Expression;
                    break;
                case AwaitExpressionSyntax awaited:
                    current = awaited.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    current = suppressed.Operand;
                    break;
                default:
                    current = null;
                    break;
            }
        }

        string joined = string.Join(".", names).TrimStart('_');
        if (NameWords.Split(joined).Length == 0)
        {
            return "value";
        }

        return logs.FindCanonicalField(joined) ?? NamingStyles.Format(joined, logs.FieldStyle);
    }

    /// <summary><paramref name="name"/>, or <c>name_2</c>, <c>name_3</c>... whichever <paramref name="used"/> does not hold yet.</summary>
    public static string Unique(string name, ISet<string> used, LogsContract logs)
    {
        string candidate = name;
        for (int i = 2; !used.Add(candidate); i++)
        {
            candidate = NamingStyles.Format(name + "_" + i, logs.FieldStyle);
            if (logs.FieldStyle is NamingStyle.SnakeCase or NamingStyle.Otel)
            {
                candidate = name + "_" + i;
            }
        }

        return candidate;
    }

    private static string FieldNameWords(ExpressionSyntax expression) => expression switch
    {
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => FieldNameWords(access.Expression) is { Length: > 0 } left ? left + "." + access.Name.Identifier.ValueText : access.Name.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" } toString } => FieldNameWords(toString.Expression),
        _ => string.Empty,
    };
}
