using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// OBS2004: inside <c>catch (X ex)</c>, a log call at Warning or above that logs <c>ex</c>, <c>ex.Message</c> or
/// <c>ex.ToString()</c> as a template argument but passes no exception.
/// </summary>
internal static class CaughtException
{
    public static void Check(OperationAnalysisContext context, LogCall call, LoggingTypes types)
    {
        if (!call.Level.IsAtLeast(LogLevelThreshold.Warning) || call.Exception is not null || CatchOf(call.Invocation.Syntax) is not { } catchDeclaration)
        {
            return;
        }

        var arguments = call.Arguments ?? ImmutableArray<IOperation>.Empty;
        for (int i = 0; i < arguments.Length; i++)
        {
            if (RepeatsException(arguments[i], catchDeclaration))
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(LogDiagnosticProperties.RepeatingArgument, i.ToString(CultureInfo.InvariantCulture));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogExceptionNotPassed, arguments[i].Syntax.GetLocation(), properties, catchDeclaration.Identifier.ValueText));
                return;
            }
        }
    }

    /// <summary>The declaration of the catch clause <paramref name="node"/> is in, within its own method or lambda; null outside one.</summary>
    private static CatchDeclarationSyntax? CatchOf(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; node = current, current = current.Parent)
        {
            switch (current)
            {
                case CatchClauseSyntax { Declaration: { Identifier.ValueText.Length: > 0 } declaration } clause when clause.Block == node:
                    return declaration;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary><c>ex</c>, <c>ex.Message</c>, <c>ex.ToString()</c>, also through <c>?.</c>, for the catch's own exception.</summary>
    private static bool RepeatsException(IOperation value, CatchDeclarationSyntax catchDeclaration)
    {
        value = LogOperations.WithoutConversions(value);
        if (value is IConditionalAccessOperation conditional)
        {
            return IsCaught(conditional.Operation, catchDeclaration)
                && LogOperations.WithoutConversions(conditional.WhenNotNull) is IPropertyReferenceOperation { Property.Name: "Message" } or IInvocationOperation { TargetMethod.Name: "ToString" };
        }

        return value switch
        {
            ILocalReferenceOperation => IsCaught(value, catchDeclaration),
            IPropertyReferenceOperation { Property.Name: "Message", Instance: { } instance } => IsCaught(instance, catchDeclaration),
            IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } => IsCaught(instance, catchDeclaration),
            _ => false,
        };
    }

    private static bool IsCaught(IOperation operation, CatchDeclarationSyntax catchDeclaration) =>
        LogOperations.WithoutConversions(operation) is ILocalReferenceOperation { Local: var local }
        && local.DeclaringSyntaxReferences.Length == 1
        && local.DeclaringSyntaxReferences[0].Span == catchDeclaration.Span
        && local.DeclaringSyntaxReferences[0].SyntaxTree == catchDeclaration.SyntaxTree;
}
