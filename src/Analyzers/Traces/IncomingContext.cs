using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// Where a span's parent comes from at a boundary: an explicit parent argument, a context made current before the
/// start, or a host that already started the request's span (ASP.NET Core, gRPC). OBS3007 reports server and consumer
/// spans that have none of these.
/// </summary>
internal static class IncomingContext
{
    /// <summary>
    /// True for the span creations that can be given a parent: <c>StartActivity</c>, <c>CreateActivity</c>,
    /// <c>StartActiveSpan</c> and <c>StartSpan</c> (not <c>StartRootSpan</c>, which asks for a new trace on purpose).
    /// </summary>
    public static bool IsParentableCreation(IInvocationOperation invocation, TracingTypes types) =>
        invocation.TargetMethod.Name is "StartActivity" or "CreateActivity" or "StartActiveSpan" or "StartSpan"
        && SpanCalls.IsSpanCreation(invocation.TargetMethod, types);

    /// <summary>
    /// True when the creation is given a parent context, parent id, parent span or links: written, and not
    /// <c>default</c> or <c>null</c>.
    /// </summary>
    public static bool HasExplicitParent(IInvocationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                && argument.Parameter?.Name is "parentContext" or "parentId" or "parentSpan" or "links"
                && !IsDefaultOrNull(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="creation"/> is the fallback of a choice whose other branch starts a span with an explicit
    /// parent (<c>parent == default ? source.StartActivity(name, kind) : source.StartActivity(name, kind, parent)</c>,
    /// a switch expression, or an if/else): the code continues the caller's trace when there is one, and a new trace
    /// is right when no context came in.
    /// </summary>
    public static bool IsFallbackForMissingParent(IInvocationOperation creation, TracingTypes types)
    {
        IOperation child = creation;
        for (var parent = creation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation choice:
                    var other = choice.WhenTrue == child ? choice.WhenFalse : choice.Condition == child ? null : choice.WhenTrue;
                    return other is not null && StartsWithExplicitParent(other, types);
                case ISwitchExpressionArmOperation arm when arm.Value == child && arm.Parent is ISwitchExpressionOperation switchExpression:
                    foreach (var otherArm in switchExpression.Arms)
                    {
                        if (otherArm != arm && StartsWithExplicitParent(otherArm.Value, types))
                        {
                            return true;
                        }
                    }

                    return false;
                case IParenthesizedOperation or IConversionOperation or IConditionalAccessOperation or IExpressionStatementOperation
                    or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation
                    or IVariableDeclarationGroupOperation or IUsingDeclarationOperation or ISimpleAssignmentOperation or IBlockOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool StartsWithExplicitParent(IOperation branch, TracingTypes types)
    {
        foreach (var operation in branch.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation start && IsParentableCreation(start, types) && HasExplicitParent(start))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the function around <paramref name="creation"/> makes a context current before it: an assignment to
    /// <c>Activity.Current</c> or OpenTelemetry's <c>Baggage.Current</c> (from an extraction), or <c>SetParentId</c> on
    /// the activity the creation put in <paramref name="created"/>.
    /// </summary>
    public static bool IsParentedInFunction(IInvocationOperation creation, ILocalSymbol? created, TracingTypes types)
    {
        var function = SpanOwnership.EnclosingFunction(creation) ?? SpanOwnership.Root(creation);
        int start = creation.Syntax.SpanStart;
        foreach (var operation in function.Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Current" } property } } assignment
                    when assignment.Syntax.SpanStart < start
                        && (TypeLookup.Is(property.ContainingType, types.Activity) || IsOpenTelemetryBaggage(property.ContainingType)):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "SetParentId", Instance: { } instance }
                    when created is not null && SpanReceiver.IsLocal(instance, created):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="operation"/> runs where a host has already started the request's span and made it
    /// current: in a function with an ASP.NET Core <c>HttpContext</c>/<c>HttpRequest</c> or gRPC <c>ServerCallContext</c>
    /// parameter, in a lambda handed to ASP.NET Core (<c>MapGet</c>, <c>Use</c>), or in a type that ASP.NET Core or
    /// gRPC calls (a controller, page, hub, middleware or filter, a gRPC service).
    /// </summary>
    public static bool IsInHostedRequest(IOperation operation, ISymbol containingSymbol)
    {
        for (var function = SpanOwnership.EnclosingFunction(operation); function is not null; function = SpanOwnership.EnclosingFunction(function))
        {
            var symbol = function switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (symbol is not null && HasRequestParameter(symbol))
            {
                return true;
            }

            if (function is IAnonymousFunctionOperation && IsHandedToAspNetCore(function))
            {
                return true;
            }
        }

        if (containingSymbol is IMethodSymbol method && HasRequestParameter(method))
        {
            return true;
        }

        return containingSymbol.ContainingType is { } type && IsCalledByHost(type);
    }

    private static bool HasRequestParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            for (var type = parameter.Type; type is not null; type = type.BaseType)
            {
                if (type is { Name: "HttpContext" or "HttpRequest" } && IsUnder(type.ContainingNamespace, "Microsoft", "AspNetCore")
                    || type is { Name: "ServerCallContext" } && IsUnder(type.ContainingNamespace, "Grpc", "Core"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHandedToAspNetCore(IOperation lambda)
    {
        var parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation call } && IsUnder(call.TargetMethod.ContainingNamespace, "Microsoft", "AspNetCore");
    }

    /// <summary>A type deriving from or implementing ASP.NET Core's (ControllerBase, PageModel, Hub, IMiddleware...), or a gRPC service.</summary>
    private static bool IsCalledByHost(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsUnder(current.ContainingNamespace, "Microsoft", "AspNetCore"))
            {
                return true;
            }

            // The base class protoc generates for a gRPC service carries [BindServiceMethod].
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "BindServiceMethodAttribute" } attributeClass && IsUnder(attributeClass.ContainingNamespace, "Grpc", "Core"))
                {
                    return true;
                }
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsUnder(implemented.ContainingNamespace, "Microsoft", "AspNetCore"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOpenTelemetryBaggage(INamedTypeSymbol type) =>
        type.Name == "Baggage" && type.ContainingNamespace is { Name: "OpenTelemetry", ContainingNamespace.IsGlobalNamespace: true };

    private static bool IsDefaultOrNull(IOperation value)
    {
        value = SpanOwnership.SkipConversions(value);
        return value is IDefaultValueOperation || value.ConstantValue is { HasValue: true, Value: null };
    }

    /// <summary>True for the namespace <c>first.second</c> and those under it, compared by parts without allocating.</summary>
    private static bool IsUnder(INamespaceSymbol? ns, string first, string second)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (current.Name == second && current.ContainingNamespace is { Name: var name, ContainingNamespace.IsGlobalNamespace: true } && name == first)
            {
                return true;
            }
        }

        return false;
    }
}
