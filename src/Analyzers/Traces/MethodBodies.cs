using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// The bodies of methods declared in the compilation, for the inferences that look inside a callee (span factories,
/// span holders, helpers that record errors). Callers cache what they infer, so each body is read once.
/// </summary>
internal static class MethodBodies
{
    /// <summary>
    /// The operation of <paramref name="method"/>'s body: an <see cref="IMethodBodyOperation"/>,
    /// <see cref="IConstructorBodyOperation"/> or <see cref="ILocalFunctionOperation"/>; null for a method without
    /// source body (metadata, abstract, extern, a partial definition without implementation).
    /// </summary>
    public static IOperation? Read(IMethodSymbol method, Compilation compilation)
    {
        method = method.PartialImplementationPart ?? method;
        var references = method.DeclaringSyntaxReferences;
        if (references.Length != 1)
        {
            return null;
        }

        var syntax = references[0].GetSyntax();
        if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax) || !compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

        // The analyzer driver gives the compilation a provider that hands out the semantic model it analyses each tree
        // with, so this reuses bound trees instead of binding the file again (the cost RS1030 warns of).
#pragma warning disable RS1030
        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax) switch
        {
            IMethodBodyOperation body => body,
            IConstructorBodyOperation body => body,
            ILocalFunctionOperation function => function,
            _ => null,
        };
    }

    /// <summary>The statements of a body <see cref="Read"/> returned, expression bodies included.</summary>
    public static ImmutableArray<IOperation> Statements(IOperation? body) =>
        (body switch
        {
            IMethodBodyOperation method => method.BlockBody ?? method.ExpressionBody,
            IConstructorBodyOperation constructor => constructor.BlockBody ?? constructor.ExpressionBody,
            ILocalFunctionOperation function => function.Body ?? function.IgnoredBody,
            _ => null,
        })?.Operations ?? ImmutableArray<IOperation>.Empty;

    /// <summary>
    /// Every operation of <paramref name="body"/> that runs as part of it: nested lambdas and local functions are
    /// left out, as they run (or return) on their own.
    /// </summary>
    public static System.Collections.Generic.IEnumerable<IOperation> OwnOperations(IOperation body)
    {
        var pending = new System.Collections.Generic.Stack<IOperation>();
        foreach (var statement in Statements(body))
        {
            pending.Push(statement);
        }

        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
