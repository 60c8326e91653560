using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Traces;

/// <summary>A method that starts a span and hands it to its caller, who then owns it as if it had started it.</summary>
internal sealed class SpanFactory
{
    public SpanFactory(SpanApi api, SpanHolder? holder, bool isAsync)
    {
        Api = api;
        Holder = holder;
        IsAsync = isAsync;
    }

    public SpanApi Api { get; }

    /// <summary>The holder type the factory returns, or null when it returns the span itself.</summary>
    public SpanHolder? Holder { get; }

    /// <summary>True for an <c>async</c> method returning <c>Task&lt;Activity?&gt;</c> (or ValueTask): its caller awaits the span.</summary>
    public bool IsAsync { get; }
}

/// <summary>
/// Infers the span factories and span holders a compilation declares, so that users need not list them. A method is
/// a factory when it is declared in this compilation with a body, cannot be overridden, returns a span type, a
/// <see cref="SpanHolder"/> or (when <c>async</c>) a task of one, and every value it returns is a started span or
/// nothing (<see cref="SpanValue"/>), at least one being started. A span kept in a local of the factory counts only when
/// the local is given nothing but starts, never leaves the method except by being returned, and is not captured.
/// Anything else (<c>Activity.Current</c>, a field, a parameter, a property, a method of another assembly, a method
/// that returns a started span on one path and a stored one on another) is not a factory.
/// Each method and type is inferred once per compilation, after cheap tests on the call (its type) have passed.
/// </summary>
internal sealed class SpanFactories
{
    private readonly Compilation _compilation;
    private readonly IAssemblySymbol _assembly;
    private readonly TracingTypes _types;
    private readonly InferenceCache<SpanFactory> _factories = new();
    private readonly InferenceCache<SpanHolder> _holders = new();

    public SpanFactories(Compilation compilation, TracingTypes types)
    {
        _compilation = compilation;

        // Read once: the property goes through the reference manager on every read.
        _assembly = compilation.Assembly;
        _types = types;
    }

    /// <summary>The factory <paramref name="call"/> calls, or null; reads the method's body the first time it is asked.</summary>
    public SpanFactory? FactoryOf(IInvocationOperation call) =>
        MayCallFactory(call, out _)
            ? _factories.GetOrInfer(call.TargetMethod.OriginalDefinition, this, static (symbol, self) => self.InferFactory((IMethodSymbol)symbol))
            : null;

    /// <summary>
    /// True when the signature of the method <paramref name="call"/> calls allows a factory: cheap tests only, no body
    /// read, so that a caller whose use of the value settles the question anyway (<c>using var</c>) never pays for more.
    /// <paramref name="isAsync"/> tells whether its span would arrive through an <c>await</c>.
    /// </summary>
    public bool MayCallFactory(IInvocationOperation call, out bool isAsync)
    {
        isAsync = false;

        // Cheapest first: nearly every call returns void, a primitive or a type that holds no span.
        var type = call.Type;
        if (type is null || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        var method = call.TargetMethod;
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || method.IsAbstract
            || method.IsExtern
            || ((method.IsVirtual || method.IsOverride) && !method.IsSealed && !method.ContainingType.IsSealed)
            || !IsDeclaredHere(method))
        {
            return false;
        }

        isAsync = IsTaskOf(type, out var result);
        return (!isAsync || method.IsAsync) && MayHoldSpan(result);
    }

    /// <summary>The holder <paramref name="type"/> is, or null.</summary>
    public SpanHolder? HolderOf(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } named || !IsDeclaredHere(named))
        {
            return null;
        }

        return _holders.GetOrInfer(named.OriginalDefinition, this, static (symbol, self) => SpanHolder.Infer((INamedTypeSymbol)symbol, self._compilation, self._types));
    }

    /// <summary>True for <c>Dispose</c> of a span holder, and its other methods that end the held span.</summary>
    public bool IsHolderEnd(IMethodSymbol method) =>
        !method.IsStatic
        && method.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation
        && HolderOf(method.ContainingType) is { } holder
        && holder.Ends(method);

    /// <summary>True for a method of a span holder that ends the held span on some paths only.</summary>
    public bool EndsHolderSometimes(IMethodSymbol method) =>
        !method.IsStatic
        && method.MethodKind == MethodKind.Ordinary
        && HolderOf(method.ContainingType) is { } holder
        && holder.EndsSometimes(method);

    private static bool IsTaskOf(ITypeSymbol type, out ITypeSymbol result)
    {
        if (type is INamedTypeSymbol { Arity: 1, Name: "Task" or "ValueTask" } task
            && task.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
        {
            result = task.TypeArguments[0];
            return true;
        }

        result = type;
        return false;
    }

    private bool MayHoldSpan(ITypeSymbol type) => _types.SpanApiOf(type) is not null || HolderOf(type) is not null;

    /// <summary>True for a symbol of the compilation being analysed, whose body can be read.</summary>
    public bool IsDeclaredHere(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _assembly);

    private SpanFactory? InferFactory(IMethodSymbol method)
    {
        var returnType = method.ReturnType;
        bool isAsync = IsTaskOf(returnType, out var result);
        if (isAsync != method.IsAsync || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return null;
        }

        SpanHolder? holder = null;
        var api = _types.SpanApiOf(result);
        if (api is null)
        {
            holder = HolderOf(result);
            if (holder is null)
            {
                return null;
            }

            api = holder.Api;
        }

        var body = MethodBodies.Read(method, _compilation);
        if (body is null)
        {
            return null;
        }

        var locals = new FactoryLocals(body, method, _types);
        bool started = false;
        foreach (var operation in MethodBodies.OwnOperations(body))
        {
            if (operation is IReturnOperation { Kind: OperationKind.Return } returned)
            {
                switch (SpanValue.Classify(returned.ReturnedValue, _types, locals.Classify))
                {
                    case SpanValueKind.Other:
                        return null;
                    case SpanValueKind.Started:
                        started = true;
                        break;
                }
            }
        }

        return started ? new SpanFactory(api.Value, holder, isAsync) : null;
    }

    /// <summary>What a local of a factory holds when returned: each local is read once, on first return of it.</summary>
    private sealed class FactoryLocals
    {
        private readonly IOperation _body;
        private readonly IMethodSymbol _method;
        private readonly TracingTypes _types;
        private Dictionary<ILocalSymbol, SpanValueKind>? _known;

        public FactoryLocals(IOperation body, IMethodSymbol method, TracingTypes types)
        {
            _body = body;
            _method = method;
            _types = types;
        }

        public SpanValueKind Classify(ILocalReferenceOperation reference)
        {
            var local = reference.Local;
            _known ??= new Dictionary<ILocalSymbol, SpanValueKind>(SymbolEqualityComparer.Default);
            if (!_known.TryGetValue(local, out var kind))
            {
                kind = SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, _method) ? Read(local) : SpanValueKind.Other;
                _known.Add(local, kind);
            }

            return kind;
        }

        private SpanValueKind Read(ILocalSymbol local)
        {
            if (local.RefKind != RefKind.None || local.IsUsing)
            {
                return SpanValueKind.Other;
            }

            var kind = SpanValueKind.Nothing;
            foreach (var operation in _body.Descendants())
            {
                IOperation? value = null;
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        value = declarator.GetVariableInitializer()?.Value;
                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                        if (SpanOwnership.IsCaptured(reference, _body))
                        {
                            return SpanValueKind.Other;
                        }

                        if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                        {
                            if (assignment.Parent is not IExpressionStatementOperation)
                            {
                                return SpanValueKind.Other;
                            }

                            value = assignment.Value;
                        }
                        else if (SpanOwnership.IsStartedInPlace(reference, _types))
                        {
                            kind = SpanValueKind.Started;
                        }
                        else if (!IsReturned(reference) && !SpanOwnership.IsHarmlessUse(reference, _types))
                        {
                            return SpanValueKind.Other;
                        }

                        break;
                }

                switch (value is null ? SpanValueKind.Nothing : SpanValue.Classify(value, _types))
                {
                    case SpanValueKind.Other:
                        return SpanValueKind.Other;
                    case SpanValueKind.Started:
                        kind = SpanValueKind.Started;
                        break;
                }
            }

            return kind;
        }

        /// <summary>True when the reference is (part of) a returned value, where <see cref="SpanValue.Classify"/> judges it.</summary>
        private static bool IsReturned(IOperation reference)
        {
            var current = reference;
            for (var parent = reference.Parent; parent is not null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IReturnOperation:
                        return true;
                    case IConversionOperation:
                    case ICoalesceOperation:
                    case ISwitchExpressionArmOperation arm when arm.Value == current:
                    case ISwitchExpressionOperation switchExpression when switchExpression.Value != current:
                    case IConditionalOperation conditional when conditional.Condition != current:
                    case IConditionalAccessOperation access when access.Operation == current:
                    case IInvocationOperation call when call.Instance == current:
                    case IArgumentOperation { Parent: IObjectCreationOperation }:
                    case IObjectCreationOperation:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
