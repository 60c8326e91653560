using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>Serilog loggers enriched with <c>ForContext(name, value)</c>: the fields every event through them carries.</summary>
internal sealed partial class LogRecognizer
{
    /// <summary>
    /// The fields of the Serilog logger <paramref name="call"/> goes through: <c>ForContext(name, value)</c> on the call's
    /// receiver, on the local it was assigned to, or on a field or property the same type assigns it to.
    /// </summary>
    public ImmutableArray<LogField> LoggerContextFields(LogCall call, CancellationToken cancellationToken = default)
    {
        if (Types.SerilogILogger is null || call.Logger is null || call.Api is not (LogApi.Serilog or LogApi.Wrapper))
        {
            return ImmutableArray<LogField>.Empty;
        }

        ImmutableArray<LogField>.Builder? fields = null;
        var current = call.Logger;
        for (int depth = 0; depth < 8 && current is not null; depth++)
        {
            current = LogOperations.WithoutConversions(current);
            switch (current)
            {
                case IInvocationOperation { TargetMethod.Name: "ForContext" } forContext when Types.IsSerilogLogger(forContext.TargetMethod.ContainingType):
                    AddForContext(forContext, ref fields);
                    current = forContext.Instance;
                    break;
                case ILocalReferenceOperation local when current.SemanticModel is { } model:
                    current = LocalInitializer(local.Local, model, cancellationToken);
                    break;
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    var member = ((IMemberReferenceOperation)current).Member;
                    foreach (string name in EnrichedNames(member, cancellationToken))
                    {
                        (fields ??= ImmutableArray.CreateBuilder<LogField>()).Add(new LogField(name, LogFieldSource.ForContext, null, null, null));
                    }

                    current = null;
                    break;
                default:
                    current = null;
                    break;
            }
        }

        return fields?.ToImmutable() ?? ImmutableArray<LogField>.Empty;
    }

    private static void AddForContext(IInvocationOperation forContext, ref ImmutableArray<LogField>.Builder? fields)
    {
        IOperation? nameValue = null;
        IOperation? value = null;
        foreach (var argument in forContext.Arguments)
        {
            if (argument.Parameter?.Name == "propertyName")
            {
                nameValue = LogOperations.WithoutConversions(argument.Value);
            }
            else if (argument.Parameter?.Name == "value")
            {
                value = LogOperations.WithoutConversions(argument.Value);
            }
        }

        if (LogOperations.ConstantString(nameValue) is { } name)
        {
            (fields ??= ImmutableArray.CreateBuilder<LogField>()).Add(new LogField(name, LogFieldSource.ForContext, value, nameValue!.Syntax.GetLocation(), NameLocationOfLiteral(nameValue)));
        }
    }

    private static IOperation? LocalInitializer(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        var references = local.DeclaringSyntaxReferences;
        if (references.Length != 1 || references[0].SyntaxTree != model.SyntaxTree
            || references[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var value })
        {
            return null;
        }

        return model.GetOperation(value, cancellationToken);
    }

    /// <summary>
    /// The <c>ForContext</c> names a field or property is given where it is declared or assigned in its type: read from
    /// syntax once per member, so that every log call through it is answered from the table.
    /// </summary>
    private ImmutableArray<string> EnrichedNames(ISymbol member, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        if (_enrichedMembers.TryGetValue(member, out var names))
        {
            return names;
        }

        if (member.ContainingType is not { } type || !TypeLookup.Is(member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type, Types.SerilogILogger)
            && !Types.IsSerilogLogger(member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type))
        {
            return _enrichedMembers.GetOrAdd(member, ImmutableArray<string>.Empty);
        }

        var found = new List<string>();
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var initializer = declaration switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };

            AddForContextNames(initializer, found);
        }

        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in typeReference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment && AssignedName(assignment.Left) == member.Name)
                {
                    AddForContextNames(assignment.Right, found);
                }
            }
        }

        return _enrichedMembers.GetOrAdd(member, found.ToImmutableArray());
    }

    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The constant names of every <c>ForContext("name", value)</c> in a chain such as <c>log.ForContext("a", x).ForContext("b", y)</c>.</summary>
    private static void AddForContextNames(ExpressionSyntax? expression, List<string> names)
    {
        while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ForContext" } access } invocation)
        {
            if (invocation.ArgumentList.Arguments.Count >= 2 && invocation.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal && literal.Token.Value is string name)
            {
                names.Add(name);
            }

            expression = access.Expression;
        }
    }
}
