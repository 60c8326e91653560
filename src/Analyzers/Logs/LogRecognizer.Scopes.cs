using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>Reading logging scopes: where they are opened, and which are open around an operation.</summary>
internal sealed partial class LogRecognizer
{
    /// <summary>
    /// The scopes open around <paramref name="operation"/>: <c>using</c> statements and <c>using</c> declarations before it
    /// in its blocks (and plain declarations of a scope not disposed before it), up to its method or local function, through
    /// any lambdas between; and whether the host supplies a scope (<c>logs.ambientIn</c>). A walk up one method's syntax:
    /// only the statements before the operation in each enclosing block are looked at.
    /// </summary>
    /// <param name="containingSymbol">The member the operation is in (the analysis context's <c>ContainingSymbol</c>).</param>
    public EnclosingScopes ScopesAround(IOperation operation, ISymbol? containingSymbol, CancellationToken cancellationToken = default)
    {
        var ambient = AmbientReason.None;
        if (!Hosts.IsEmpty)
        {
            if (Hosts.IsAmbientType(containingSymbol as INamedTypeSymbol ?? containingSymbol?.ContainingType))
            {
                ambient = AmbientReason.Type;
            }
            else if (containingSymbol is IMethodSymbol method && Hosts.IsAmbientMethod(method))
            {
                ambient = AmbientReason.MethodAttribute;
            }
        }

        var model = operation.SemanticModel;
        ImmutableArray<LogScope>.Builder? scopes = null;
        var code = EnclosingCode.Member;
        bool reachedCallable = false;
        SyntaxNode node = operation.Syntax;
        for (var parent = node.Parent; parent is not null && !reachedCallable; node = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case UsingStatementSyntax usingStatement when usingStatement.Statement == node:
                    if (usingStatement.Expression is { } expression)
                    {
                        AddScope(expression, usingStatement, model, ref scopes, cancellationToken);
                    }
                    else if (usingStatement.Declaration is { } declaration)
                    {
                        foreach (var declarator in declaration.Variables)
                        {
                            if (declarator.Initializer is { } initializer)
                            {
                                AddScope(initializer.Value, usingStatement, model, ref scopes, cancellationToken);
                            }
                        }
                    }

                    break;
                case BlockSyntax block:
                    AddDeclaredScopes(block.Statements, node, model, ref scopes, cancellationToken);
                    break;
                case SwitchSectionSyntax section:
                    AddDeclaredScopes(section.Statements, node, model, ref scopes, cancellationToken);
                    break;
                case AnonymousFunctionExpressionSyntax lambda:
                    if (code == EnclosingCode.Member)
                    {
                        code = EnclosingCode.Lambda;
                    }

                    if (ambient == AmbientReason.None && Hosts.HasHandlerMethods && IsHandlerArgument(lambda, model, cancellationToken))
                    {
                        ambient = AmbientReason.HandlerLambda;
                    }

                    break;
                case LocalFunctionStatementSyntax:
                    // Scopes around a local function's declaration are not around its calls.
                    if (code == EnclosingCode.Member)
                    {
                        code = EnclosingCode.LocalFunction;
                    }

                    reachedCallable = true;
                    break;
                case GlobalStatementSyntax global:
                    if (global.Parent is CompilationUnitSyntax unit)
                    {
                        int index = unit.Members.IndexOf(global);
                        for (int i = index - 1; i >= 0; i--)
                        {
                            if (unit.Members[i] is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax declaration } && declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                            {
                                AddDeclaredScope(declaration, model, ref scopes, cancellationToken);
                            }
                        }
                    }

                    if (code == EnclosingCode.Member)
                    {
                        code = EnclosingCode.TopLevelStatements;
                    }

                    reachedCallable = true;
                    break;
                case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    reachedCallable = true;
                    break;
            }
        }

        return EnclosingScopes.Of(scopes, ambient, code);
    }

    /// <summary>
    /// The scope <paramref name="creation"/> opens (<c>BeginScope</c>, <c>LogContext.PushProperty</c>, a
    /// <c>DefineScope</c> delegate, a <c>logs.scopeProviders</c> method), or null when it opens none.
    /// </summary>
    public LogScope? ReadScope(IOperation creation, SyntaxNode statement, CancellationToken cancellationToken = default) =>
        ReadScope(creation, statement, nested: 0, cancellationToken);

    private LogScope? ReadScope(IOperation creation, SyntaxNode statement, int nested, CancellationToken cancellationToken)
    {
        creation = LogOperations.WithoutConversions(creation);
        if (creation is IConditionalAccessOperation { WhenNotNull: var whenNotNull })
        {
            creation = LogOperations.WithoutConversions(whenNotNull);
        }

        if (creation is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "BeginScope":
                if (TypeLookup.Is(method.ContainingType, Types.LoggerExtensions))
                {
                    return TemplateScope(LogScopeKind.BeginScopeTemplate, invocation, statement, "messageFormat", "args");
                }

                if (TypeLookup.Is(method.ContainingType, Types.ILogger) && invocation.Arguments.Length == 1)
                {
                    return StateScope(invocation, statement, invocation.Arguments[0].Value, cancellationToken);
                }

                return null;
            case "PushProperty":
                return TypeLookup.Is(method.ContainingType, Types.SerilogLogContext) ? PushPropertyScope(invocation, statement) : null;
            case "Invoke":
                return method.MethodKind == MethodKind.DelegateInvoke ? DefinedScope(invocation, statement, cancellationToken) : null;
        }

        if (Hosts.HasProviders && Hosts.MayBeProvider(method.Name) && Hosts.IsProvider(method))
        {
            return new LogScope(LogScopeKind.Provider, invocation, statement, ImmutableArray<LogField>.Empty, fieldsUnknown: false, ScopeExtension.None, null);
        }

        // A helper that returns a scope (`logger.BeginOrderScope(id)`) opens the scope it returns.
        if (nested < 2 && method.MethodKind == MethodKind.Ordinary && ScopeReturnedBy(method, invocation.SemanticModel, nested, cancellationToken) is { } returned)
        {
            return new LogScope(returned.Kind, invocation, statement, returned.Fields, returned.FieldsUnknown, ScopeExtension.None, null);
        }

        return null;
    }

    /// <summary>The scope a method's single expression or return statement opens; read once per method, from its own file.</summary>
    private LogScope? ScopeReturnedBy(IMethodSymbol method, SemanticModel? model, int nested, CancellationToken cancellationToken)
    {
        method = method.ReducedFrom ?? method.OriginalDefinition;
        if (_scopeHelpers.TryGetValue(method, out var known))
        {
            return known;
        }

        var references = method.DeclaringSyntaxReferences;
        if (model is null || references.Length != 1 || references[0].SyntaxTree != model.SyntaxTree
            || method.ReturnType.SpecialType == SpecialType.System_Void)
        {
            return null;
        }

        var returned = references[0].GetSyntax(cancellationToken) switch
        {
            MethodDeclarationSyntax { ExpressionBody.Expression: var expression } => expression,
            MethodDeclarationSyntax { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } expression } => expression,
            _ => null,
        };

        LogScope? scope = null;
        if (returned is not null && model.GetOperation(returned, cancellationToken) is { } operation)
        {
            scope = ReadScope(operation, returned, nested + 1, cancellationToken);
        }

        return _scopeHelpers.GetOrAdd(method, scope);
    }

    /// <summary>True when <paramref name="lambda"/> is passed to a method <c>logs.ambientIn</c> lists (<c>MapGet</c>).</summary>
    private bool IsHandlerArgument(AnonymousFunctionExpressionSyntax lambda, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } })
        {
            return false;
        }

        string? name = call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        if (name is null || !Hosts.MayTakeHandlers(name))
        {
            return false;
        }

        var info = model.GetSymbolInfo(call, cancellationToken);
        if (info.Symbol is IMethodSymbol method)
        {
            return Hosts.TakesHandlers(method);
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            if (candidate is IMethodSymbol candidateMethod && Hosts.TakesHandlers(candidateMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>using</c> declarations (and undisposed scope declarations) before <paramref name="current"/>, nearest first.</summary>
    private void AddDeclaredScopes(SyntaxList<StatementSyntax> statements, SyntaxNode current, SemanticModel? model, ref ImmutableArray<LogScope>.Builder? scopes, CancellationToken cancellationToken)
    {
        int index = 0;
        while (index < statements.Count && statements[index] != current)
        {
            index++;
        }

        for (int i = index - 1; i >= 0; i--)
        {
            if (statements[i] is not LocalDeclarationStatementSyntax declaration)
            {
                continue;
            }

            if (declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                || (IsPlainScopeDeclaration(declaration, out string? local) && !DisposedBetween(statements, i + 1, current, local!)))
            {
                AddDeclaredScope(declaration, model, ref scopes, cancellationToken);
            }
        }
    }

    private void AddDeclaredScope(LocalDeclarationStatementSyntax declaration, SemanticModel? model, ref ImmutableArray<LogScope>.Builder? scopes, CancellationToken cancellationToken)
    {
        foreach (var declarator in declaration.Declaration.Variables)
        {
            if (declarator.Initializer is { } initializer)
            {
                AddScope(initializer.Value, declaration, model, ref scopes, cancellationToken);
            }
        }
    }

    /// <summary><c>var scope = logger.BeginScope(...)</c> without <c>using</c>: disposed by hand, later or never.</summary>
    private static bool IsPlainScopeDeclaration(LocalDeclarationStatementSyntax declaration, out string? local)
    {
        local = null;
        if (declaration.Declaration.Variables.Count != 1 || declaration.Declaration.Variables[0].Initializer?.Value is not { } value)
        {
            return false;
        }

        if (value is ConditionalAccessExpressionSyntax conditional)
        {
            value = conditional.WhenNotNull;
        }

        string? name = value is InvocationExpressionSyntax { Expression: var invoked } ? invoked switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        } : null;

        local = declaration.Declaration.Variables[0].Identifier.ValueText;
        return name is "BeginScope" or "PushProperty";
    }

    /// <summary>True when a statement between <paramref name="start"/> and <paramref name="current"/> is <c>local.Dispose()</c>.</summary>
    private static bool DisposedBetween(SyntaxList<StatementSyntax> statements, int start, SyntaxNode current, string local)
    {
        for (int i = start; i < statements.Count && statements[i] != current; i++)
        {
            if (statements[i] is ExpressionStatementSyntax { Expression: var expression } && IsDisposeOf(expression, local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDisposeOf(ExpressionSyntax expression, string local) => expression switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Expression: IdentifierNameSyntax receiver } } =>
            receiver.Identifier.ValueText == local,
        ConditionalAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } } =>
            receiver.Identifier.ValueText == local,
        _ => false,
    };

    private void AddScope(ExpressionSyntax expression, SyntaxNode statement, SemanticModel? model, ref ImmutableArray<LogScope>.Builder? scopes, CancellationToken cancellationToken)
    {
        // Only calls open scopes; a `using var stream = new ...` or `using var x = await ...` is not one.
        var unwrapped = expression is ConditionalAccessExpressionSyntax conditional ? conditional.WhenNotNull : expression;
        if (model is null || unwrapped is not InvocationExpressionSyntax)
        {
            return;
        }

        if (ScopeOpenedBy(expression, statement, model, cancellationToken) is { } scope)
        {
            (scopes ??= ImmutableArray.CreateBuilder<LogScope>()).Add(scope);
        }
    }

    /// <summary>
    /// The scope a <c>using</c> (or scope declaration) opens, read once per statement: every call below it in its method
    /// asks again, and so does each rule. Statements that open no scope (<c>using var span = source.StartActivity()</c>,
    /// the most common) are remembered by a marker, so only the few real scopes keep their operations alive.
    /// </summary>
    private LogScope? ScopeOpenedBy(ExpressionSyntax expression, SyntaxNode statement, SemanticModel model, CancellationToken cancellationToken)
    {
        if (_scopeStatements.TryGetValue(expression, out object? known))
        {
            return known as LogScope;
        }

        var scope = model.GetOperation(expression, cancellationToken) is { } creation ? ReadScope(creation, statement, cancellationToken) : null;
        return _scopeStatements.GetOrAdd(expression, scope ?? NoScope) as LogScope;
    }

    private LogScope TemplateScope(LogScopeKind kind, IInvocationOperation invocation, SyntaxNode statement, string templateParameter, string argumentsParameter)
    {
        LogTemplate template = LogTemplate.None;
        ImmutableArray<IOperation>? arguments = ImmutableArray<IOperation>.Empty;
        SyntaxNode? literal = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == templateParameter)
            {
                template = LogTemplate.Read(argument.Value);
                literal = LogOperations.WithoutConversions(argument.Value).Syntax as LiteralExpressionSyntax;
            }
            else if (argument.Parameter?.Name == argumentsParameter)
            {
                arguments = UnwrapAll(LogOperations.ArrayElements(argument.Value));
            }
        }

        var fields = template.IsConstant ? LogCall.PlaceholderFields(template, arguments, LogFieldSource.ScopePlaceholder) : ImmutableArray<LogField>.Empty;
        return new LogScope(kind, invocation, statement, fields, fieldsUnknown: false, literal is null ? ScopeExtension.None : ScopeExtension.Template, literal);
    }

    private LogScope? DefinedScope(IInvocationOperation invocation, SyntaxNode statement, CancellationToken cancellationToken)
    {
        if (invocation.Instance is not { } holder || DefinitionOf(holder, cancellationToken) is not { IsScope: true } definition)
        {
            return null;
        }

        // Func<ILogger, T1, ..., IDisposable?>: the logger, then the values.
        var values = ImmutableArray.CreateBuilder<IOperation>();
        for (int i = 1; i < invocation.Arguments.Length; i++)
        {
            values.Add(LogOperations.WithoutConversions(invocation.Arguments[i].Value));
        }

        var fields = LogCall.PlaceholderFields(definition.Template, values.ToImmutable(), LogFieldSource.ScopePlaceholder);
        return new LogScope(LogScopeKind.DefinedScope, invocation, statement, fields, fieldsUnknown: false, ScopeExtension.None, null);
    }

    private static LogScope? PushPropertyScope(IInvocationOperation invocation, SyntaxNode statement)
    {
        IOperation? nameValue = null;
        IOperation? value = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "name")
            {
                nameValue = LogOperations.WithoutConversions(argument.Value);
            }
            else if (argument.Parameter?.Name == "value")
            {
                value = LogOperations.WithoutConversions(argument.Value);
            }
        }

        if (LogOperations.ConstantString(nameValue) is not { } name)
        {
            return new LogScope(LogScopeKind.PushProperty, invocation, statement, ImmutableArray<LogField>.Empty, fieldsUnknown: nameValue is not null, ScopeExtension.None, null);
        }

        var field = new LogField(name, LogFieldSource.PushProperty, value, nameValue!.Syntax.GetLocation(), NameLocationOfLiteral(nameValue));
        return new LogScope(LogScopeKind.PushProperty, invocation, statement, ImmutableArray.Create(field), fieldsUnknown: false, ScopeExtension.None, null);
    }

    /// <summary><c>BeginScope(state)</c>: a dictionary or collection of key-value pairs written in the call, or a local holding one.</summary>
    private static LogScope StateScope(IInvocationOperation invocation, SyntaxNode statement, IOperation state, CancellationToken cancellationToken)
    {
        var reading = ReadState(state, followLocal: true, cancellationToken);
        return new LogScope(LogScopeKind.BeginScopeState, invocation, statement, reading.Fields, reading.Unknown, reading.Extension, reading.Target);
    }

    /// <summary>The keys of a key-value state (a scope's or <c>Log&lt;TState&gt;</c>'s).</summary>
    internal static StateReading ReadState(IOperation state, bool followLocal, CancellationToken cancellationToken)
    {
        var value = LogOperations.WithoutConversions(state);
        switch (value)
        {
            case IObjectCreationOperation { Initializer: { } initializer } when IsKeyValueCollection(value.Type):
            {
                var fields = ImmutableArray.CreateBuilder<LogField>();
                foreach (var element in initializer.Initializers)
                {
                    if (!AddEntry(element, fields))
                    {
                        return StateReading.Unreadable;
                    }
                }

                bool dictionary = value.Type is INamedTypeSymbol { Name: "Dictionary" or "ConcurrentDictionary" or "SortedDictionary" };
                return new StateReading(fields.ToImmutable(), false, dictionary ? ScopeExtension.Dictionary : ScopeExtension.KeyValuePairs, initializer.Syntax);
            }

            case IArrayCreationOperation { Initializer: { } arrayInitializer }:
            {
                var fields = ImmutableArray.CreateBuilder<LogField>();
                foreach (var element in arrayInitializer.ElementValues)
                {
                    if (!AddPair(element, fields))
                    {
                        return StateReading.Unreadable;
                    }
                }

                return new StateReading(fields.ToImmutable(), false, ScopeExtension.KeyValuePairs, arrayInitializer.Syntax);
            }

            // Roslyn 4.8 has no operation for collection expressions: their elements are their children.
            case { Kind: OperationKind.None } when value.Syntax is CollectionExpressionSyntax:
            {
                var fields = ImmutableArray.CreateBuilder<LogField>();
                foreach (var element in value.ChildOperations)
                {
                    if (!AddPair(element, fields))
                    {
                        return StateReading.Unreadable;
                    }
                }

                return new StateReading(fields.ToImmutable(), false, ScopeExtension.KeyValuePairs, value.Syntax);
            }

            case ILocalReferenceOperation local when followLocal && value.SemanticModel is { } model:
                if (LocalInitializer(local.Local, model, cancellationToken) is { } initial)
                {
                    var reading = ReadState(initial, followLocal: false, cancellationToken);
                    return new StateReading(reading.Fields, reading.Unknown, ScopeExtension.None, null);
                }

                return IsKeyValueCollection(value.Type) ? StateReading.Unreadable : StateReading.Nothing;

            default:
                // A custom state may enumerate any keys; an anonymous object or a string names none.
                return IsKeyValueCollection(value.Type) ? StateReading.Unreadable : StateReading.Nothing;
        }
    }

    /// <summary>A dictionary entry: <c>["key"] = value</c>, <c>{ "key", value }</c> or a pair in a list's initializer.</summary>
    private static bool AddEntry(IOperation element, ImmutableArray<LogField>.Builder fields)
    {
        switch (element)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments: { Length: 1 } index }, Value: var value }:
                return AddKey(index[0].Value, value, fields);
            case IInvocationOperation { Arguments: { Length: 2 } arguments }:
                return AddKey(arguments[0].Value, arguments[1].Value, fields);
            case IInvocationOperation { Arguments: { Length: 1 } arguments }:
                return AddPair(arguments[0].Value, fields);
            default:
                return false;
        }
    }

    /// <summary><c>new KeyValuePair&lt;string, object?&gt;("key", value)</c>, <c>new("key", value)</c> or <c>KeyValuePair.Create("key", value)</c>.</summary>
    private static bool AddPair(IOperation element, ImmutableArray<LogField>.Builder fields)
    {
        switch (LogOperations.WithoutConversions(element))
        {
            case IObjectCreationOperation { Type.Name: "KeyValuePair", Arguments: { Length: 2 } arguments }:
                return AddKey(arguments[0].Value, arguments[1].Value, fields);
            case IInvocationOperation { TargetMethod: { Name: "Create", ContainingType.Name: "KeyValuePair" }, Arguments: { Length: 2 } arguments }:
                return AddKey(arguments[0].Value, arguments[1].Value, fields);
            default:
                return false;
        }
    }

    private static bool AddKey(IOperation key, IOperation value, ImmutableArray<LogField>.Builder fields)
    {
        key = LogOperations.WithoutConversions(key);
        if (LogOperations.ConstantString(key) is not { } name)
        {
            return false;
        }

        fields.Add(new LogField(name, LogFieldSource.ScopeKey, LogOperations.WithoutConversions(value), key.Syntax.GetLocation(), NameLocationOfLiteral(key)));
        return true;
    }

    /// <summary>The characters of a string literal's value, when the literal spells them one for one.</summary>
    internal static Location? NameLocationOfLiteral(IOperation key)
    {
        if (key.Syntax is not LiteralExpressionSyntax literal || TemplateSourceMap.Read(literal.Token) is not { } map)
        {
            return null;
        }

        return map.LocationOf(0, literal.Token.ValueText.Length);
    }

    /// <summary>True for types that enumerate <c>KeyValuePair&lt;string, T&gt;</c>: what MEL reads a scope's fields from.</summary>
    /// <remarks>
    /// A generic type is judged by the interfaces of its definition, which Roslyn works out once, with the key mapped to
    /// the construction's type argument: each <c>new Dictionary&lt;string, object&gt;</c> is a fresh constructed symbol, and
    /// asking it for all its interfaces substitutes every one of them again.
    /// </remarks>
    private static bool IsKeyValueCollection(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol array:
                return KeyOfPair(array.ElementType) is { SpecialType: SpecialType.System_String };
            case INamedTypeSymbol { IsGenericType: true } named when !ReferenceEquals(named, named.OriginalDefinition):
                var definition = named.OriginalDefinition;
                foreach (var implemented in definition.AllInterfaces)
                {
                    if (implemented is not { Name: "IEnumerable", TypeArguments.Length: 1 })
                    {
                        continue;
                    }

                    // List<T> enumerates T, Dictionary<TKey, TValue> KeyValuePair<TKey, TValue>: both resolved through this construction.
                    var element = Resolve(implemented.TypeArguments[0], named);
                    if (element is null)
                    {
                        return StringKeyedByInterfaces(named);
                    }

                    if (KeyOfPair(element) is not { } pairKey)
                    {
                        continue;
                    }

                    var key = Resolve(pairKey, named);
                    if (key is null)
                    {
                        return StringKeyedByInterfaces(named);
                    }

                    if (key.SpecialType == SpecialType.System_String)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return StringKeyedByInterfaces(type);
        }

        // A type parameter of the definition stands for this construction's argument; one of an outer type is not resolved here.
        static ITypeSymbol? Resolve(ITypeSymbol type, INamedTypeSymbol construction) => type is ITypeParameterSymbol parameter
            ? SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, construction.OriginalDefinition) ? construction.TypeArguments[parameter.Ordinal] : null
            : type;

        static bool StringKeyedByInterfaces(ITypeSymbol type)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented is { Name: "IEnumerable", TypeArguments.Length: 1 } && KeyOfPair(implemented.TypeArguments[0]) is { SpecialType: SpecialType.System_String })
                {
                    return true;
                }
            }

            return false;
        }

        // The key type of KeyValuePair<TKey, TValue>, or null for any other type.
        static ITypeSymbol? KeyOfPair(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "KeyValuePair", TypeArguments.Length: 2 } pair ? pair.TypeArguments[0] : null;
    }

    /// <summary>The keys read from a key-value state.</summary>
    internal readonly struct StateReading
    {
        public static readonly StateReading Nothing = new(ImmutableArray<LogField>.Empty, false, ScopeExtension.None, null);

        public static readonly StateReading Unreadable = new(ImmutableArray<LogField>.Empty, true, ScopeExtension.None, null);

        public StateReading(ImmutableArray<LogField> fields, bool unknown, ScopeExtension extension, SyntaxNode? target)
        {
            Fields = fields;
            Unknown = unknown;
            Extension = extension;
            Target = target;
        }

        public ImmutableArray<LogField> Fields { get; }

        /// <summary>True when the state may hold keys the code does not show.</summary>
        public bool Unknown { get; }

        public ScopeExtension Extension { get; }

        public SyntaxNode? Target { get; }
    }
}
