using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// One compilation's analysis for <see cref="LogCallAnalyzer"/>: the callbacks, and the state OBS2001 keeps until the
/// compilation ends (the caller graph, the log calls whose fields may come from callers, the <c>[LoggerMessage]</c>
/// methods declared and those called).
/// </summary>
internal sealed class LogCallAnalysis
{
    private readonly IAssemblySymbol _assembly;
    private readonly LogRecognizer _recognizer;
    private readonly LogsContract _logs;
    private readonly RequiredFields _required;
    private readonly FieldSpelling _spelling;
    private readonly CallerGraph? _callers;
    private readonly ConcurrentQueue<CallerDependentFinding> _waiting = new();
    private readonly ConcurrentQueue<(LoggerMessageMethod Method, ulong Missing)> _declaredMessages = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _calledMessages = new(SymbolEqualityComparer.Default);

    public LogCallAnalysis(Compilation compilation, LogRecognizer recognizer, LogsContract logs, AnalyzerConfigOptionsProvider options)
    {
        _assembly = compilation.Assembly;
        _recognizer = recognizer;
        _logs = logs;
        _required = new RequiredFields(logs.RequiredFields, options);
        _spelling = new FieldSpelling(logs);
        _callers = _required.IsEmpty ? null : new CallerGraph(_required.All);
    }

    public bool TracksCallers => _callers is not null;

    public void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var call = _recognizer.ReadCall(invocation, context.CancellationToken);
        if (call is null)
        {
            AnalyzeOtherCall(context, invocation);
            return;
        }

        if (call.Api == LogApi.LoggerMessageMethod)
        {
            _calledMessages.TryAdd(call.Generated!.Method, true);
        }

        if (call.Template.State == TemplateState.NotConstant)
        {
            ReportNotConstant(context, call.Template);
            return;
        }

        // A [LoggerMessage] template and parameters, and a defined message's template, are judged where they are declared.
        if (call.Api == LogApi.MelState)
        {
            CheckSpelling(context, call.Fields);
        }
        else if (call.Api is LogApi.MelExtension or LogApi.Serilog or LogApi.Wrapper)
        {
            CheckSpelling(context, call.Template);
        }

        CaughtException.Check(context, call, _recognizer.Types);
        if (_callers is not null)
        {
            CheckRequiredFields(context, call);
        }
    }

    /// <summary>A call that is not a log call: a scope or definition whose names are checked, or a call for the caller graph.</summary>
    private void AnalyzeOtherCall(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "BeginScope" or "PushProperty" or "Invoke":
                if (_recognizer.ReadScope(invocation, invocation.Syntax, context.CancellationToken) is { } scope)
                {
                    // BeginScope($"...") binds to ILogger.BeginScope<string>: a text scope whose values are lost all the same.
                    var text = scope.Kind == LogScopeKind.BeginScopeTemplate ? TemplateArgumentOf(invocation, "messageFormat")
                        : scope.Kind == LogScopeKind.BeginScopeState && TemplateArgumentOf(invocation, "state") is { Type.SpecialType: SpecialType.System_String } state ? state : null;
                    if (LogTemplate.Read(text) is { State: TemplateState.NotConstant } template)
                    {
                        ReportNotConstant(context, template);
                    }
                    else if (scope.Kind != LogScopeKind.DefinedScope)
                    {
                        CheckSpelling(context, scope.Fields);
                    }

                    return;
                }

                break;
            case "ForContext":
                if (_recognizer.Types.IsSerilogLogger(method.ContainingType))
                {
                    CheckForContextName(context, invocation);
                    return;
                }

                break;
            case "Define" or "DefineScope":
                if (TypeLookup.Is(method.ContainingType, _recognizer.Types.LoggerMessage))
                {
                    var template = LogTemplate.Read(TemplateArgumentOf(invocation, "formatString"));
                    if (template.State == TemplateState.NotConstant)
                    {
                        ReportNotConstant(context, template);
                    }
                    else
                    {
                        CheckSpelling(context, LogCall.PlaceholderFields(template, null, LogFieldSource.Placeholder));
                    }

                    return;
                }

                break;
        }

        if (_callers is not null)
        {
            RecordCaller(context, method, invocation);
        }
    }

    /// <summary>A method passed as a delegate is called by whoever holds it: a caller that supplies only what is in scope where it is passed.</summary>
    public void AnalyzeMethodReference(OperationAnalysisContext context)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        var method = reference.Method;
        if (_recognizer.LoggerMessageMethodOf(method, context.CancellationToken) is { } generated)
        {
            _calledMessages.TryAdd(generated.Method, true);
            return;
        }

        RecordCaller(context, method, reference);
    }

    private void RecordCaller(OperationAnalysisContext context, IMethodSymbol target, IOperation site)
    {
        if (target.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || !SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _assembly))
        {
            return;
        }

        var scopes = _recognizer.ScopesAround(site, context.ContainingSymbol, context.CancellationToken);
        ulong supplied = scopes.SuppliesEveryRequiredField || IsHandlerArgument(site, context) ? _required.All : SuppliedBy(scopes);
        _callers!.Record(target.OriginalDefinition, CallingMethod(scopes, site, context), supplied);
    }

    /// <summary><c>app.MapGet("/orders", GetOrders)</c>: a method group handed to a method <c>logs.ambientIn</c> lists.</summary>
    private bool IsHandlerArgument(IOperation site, OperationAnalysisContext context)
    {
        if (!_recognizer.Hosts.HasHandlerMethods || site is not IMethodReferenceOperation)
        {
            return false;
        }

        var parent = site.Parent;
        while (parent is IConversionOperation or IDelegateCreationOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && _recognizer.Hosts.MayTakeHandlers(invocation.TargetMethod.Name)
            && _recognizer.Hosts.TakesHandlers(invocation.TargetMethod);
    }

    private void CheckRequiredFields(OperationAnalysisContext context, LogCall call)
    {
        if (call.FieldsUnknown || !call.Level.IsAtLeast(_logs.MinimumLevel))
        {
            return;
        }

        var invocation = call.Invocation;
        ulong missing = _required.All & ~_required.SuppliedByPipeline(invocation.Syntax.SyntaxTree) & ~OwnFields(call);
        if (missing == 0)
        {
            return;
        }

        missing &= ~_required.MaskOf(_recognizer.LoggerContextFields(call, context.CancellationToken));
        if (missing == 0)
        {
            return;
        }

        var scopes = _recognizer.ScopesAround(invocation, context.ContainingSymbol, context.CancellationToken);
        if (scopes.SuppliesEveryRequiredField)
        {
            return;
        }

        // A constructor runs wherever the container resolves its type, often inside the request's scope: not judged.
        if (scopes.Code == EnclosingCode.Member && context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
        {
            return;
        }

        missing &= ~SuppliedBy(scopes);
        if (missing == 0)
        {
            return;
        }

        // Calls to this code may come from a scope: decided when every caller has been seen.
        if (CallableWithCallers(scopes, invocation, context) is { } callable)
        {
            _waiting.Enqueue(new CallerDependentFinding(callable, missing, invocation.Syntax.GetLocation()));
            return;
        }

        context.ReportDiagnostic(MissingFields(invocation.Syntax.GetLocation(), missing));
    }

    public void AnalyzeLoggerMessageDeclaration(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null || !IsAttributedPartial(method, context)
            || _recognizer.LoggerMessageMethodOf(method, context.CancellationToken) is not { } generated)
        {
            return;
        }

        var template = generated.Template;
        foreach (var parameter in generated.Parameters)
        {
            if (parameter.Role != LoggerMessageParameterRole.Field || parameter.FieldName is not { } name
                || !_spelling.TryRespell(name, out string spelling, out string reason))
            {
                continue;
            }

            bool placeholder = parameter.Placeholder >= 0;
            var location = placeholder
                ? template.NameLocationOf(template.Parsed.Placeholders[parameter.Placeholder]) ?? template.LocationOf(template.Parsed.Placeholders[parameter.Placeholder])
                : parameter.Parameter.Locations[0];
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(LogDiagnosticProperties.NewName, spelling)
                .Add(LogDiagnosticProperties.ParameterName, parameter.Parameter.Name)
                .Add(LogDiagnosticProperties.FieldKind, placeholder ? LogDiagnosticProperties.FieldKinds.LoggerMessagePlaceholder : LogDiagnosticProperties.FieldKinds.LoggerMessageParameter);
            if (location is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogFieldSpelling, location, properties, name, spelling, reason));
            }
        }

        // Placeholders no parameter binds to (the generator reports those itself) are still field names.
        for (int i = 0; i < template.Parsed.Placeholders.Length; i++)
        {
            var placeholder = template.Parsed.Placeholders[i];
            if (!IsBound(generated, i) && _spelling.TryRespell(placeholder.Name, out string spelling, out string reason) && template.LocationOf(placeholder) is { } location)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogFieldSpelling, template.NameLocationOf(placeholder) ?? location, InPlace(spelling, template.NameLocationOf(placeholder) is not null), placeholder.Name, spelling, reason));
            }
        }

        if (_callers is not null && generated.Level.IsAtLeast(_logs.MinimumLevel) && generated.Location.SourceTree is { } tree)
        {
            ulong missing = _required.All & ~_required.SuppliedByPipeline(tree);
            foreach (string name in generated.FieldNames)
            {
                missing &= ~_required.MaskOf(name);
            }

            if (missing != 0)
            {
                _declaredMessages.Enqueue((generated, missing));
            }
        }
    }

    public void ReportAtCompilationEnd(CompilationAnalysisContext context)
    {
        var supplied = new Dictionary<IMethodSymbol, ulong>(SymbolEqualityComparer.Default);
        while (_waiting.TryDequeue(out var finding))
        {
            if (!supplied.TryGetValue(finding.Callable, out ulong fromCallers))
            {
                fromCallers = _callers!.SuppliedByCallers(finding.Callable);
                supplied.Add(finding.Callable, fromCallers);
            }

            ulong missing = finding.Missing & ~fromCallers;
            if (missing != 0)
            {
                context.ReportDiagnostic(MissingFields(finding.Location, missing));
            }
        }

        // A [LoggerMessage] method nobody calls is a log call nobody has checked: judged where it is declared.
        while (_declaredMessages.TryDequeue(out var declared))
        {
            if (!_calledMessages.ContainsKey(declared.Method.Method))
            {
                context.ReportDiagnostic(MissingFields(declared.Method.Location, declared.Missing));
            }
        }
    }

    /// <summary>The required fields the call names itself, read from the template without building its field list.</summary>
    private ulong OwnFields(LogCall call)
    {
        if (call.Api is LogApi.LoggerMessageMethod or LogApi.MelState)
        {
            return _required.MaskOf(call.Fields);
        }

        ulong mask = 0;
        foreach (var placeholder in call.Template.Parsed.Placeholders)
        {
            mask |= _required.MaskOf(placeholder.Name);
        }

        return mask;
    }

    private Diagnostic MissingFields(Location location, ulong missing) =>
        Diagnostic.Create(
            Descriptors.LogMissingRequiredField,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(LogDiagnosticProperties.MissingFields, _required.List(missing)),
            _required.Describe(missing));

    private ulong SuppliedBy(EnclosingScopes scopes)
    {
        ulong supplied = 0;
        foreach (var scope in scopes.Scopes)
        {
            supplied |= _required.MaskOf(scope.Fields);
        }

        return supplied;
    }

    /// <summary>
    /// The method or local function whose callers may supply the fields, or null when the code is judged alone: a lambda
    /// (run by whoever holds it), top-level statements, a constructor or accessor, and an override or implementation of a
    /// library method (the library calls it).
    /// </summary>
    private static IMethodSymbol? CallableWithCallers(EnclosingScopes scopes, IOperation operation, OperationAnalysisContext context)
    {
        switch (scopes.Code)
        {
            case EnclosingCode.LocalFunction:
                return LocalFunctionOf(operation, context);
            case EnclosingCode.Member when context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                return CalledOnlyByLibrary(method) ? null : method;
            default:
                return null;
        }
    }

    private static IMethodSymbol? CallingMethod(EnclosingScopes scopes, IOperation site, OperationAnalysisContext context) =>
        scopes.Code == EnclosingCode.LocalFunction ? LocalFunctionOf(site, context) : context.ContainingSymbol as IMethodSymbol;

    private static IMethodSymbol? LocalFunctionOf(IOperation operation, OperationAnalysisContext context)
    {
        for (var node = operation.Syntax.Parent; node is not null; node = node.Parent)
        {
            if (node is LocalFunctionStatementSyntax localFunction)
            {
                return operation.SemanticModel?.GetDeclaredSymbol(localFunction, context.CancellationToken) as IMethodSymbol;
            }
        }

        return null;
    }

    /// <summary>True for an override or explicit implementation of a library method: the library calls it, not the compilation.</summary>
    internal static bool CalledOnlyByLibrary(IMethodSymbol method)
    {
        if (method.IsOverride)
        {
            var original = method.OverriddenMethod;
            while (original?.OverriddenMethod is { } next)
            {
                original = next;
            }

            return original is not null && !original.Locations.IsEmpty && original.Locations[0].IsInMetadata;
        }

        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            if (!implemented.Locations.IsEmpty && implemented.Locations[0].IsInMetadata)
            {
                return true;
            }
        }

        return false;
    }

    private void CheckSpelling(OperationAnalysisContext context, ImmutableArray<LogField> fields)
    {
        foreach (var field in fields)
        {
            if (_spelling.TryRespell(field.Name, out string spelling, out string reason) && (field.NameLocation ?? field.Location) is { } location)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogFieldSpelling, location, InPlace(spelling, field.NameLocation is not null), field.Name, spelling, reason));
            }
        }
    }

    /// <summary>The template's placeholders: a location is made only for a name that is reported.</summary>
    private void CheckSpelling(OperationAnalysisContext context, LogTemplate template)
    {
        foreach (var placeholder in template.Parsed.Placeholders)
        {
            if (_spelling.TryRespell(placeholder.Name, out string spelling, out string reason))
            {
                var nameLocation = template.NameLocationOf(placeholder);
                if ((nameLocation ?? template.LocationOf(placeholder)) is { } location)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogFieldSpelling, location, InPlace(spelling, nameLocation is not null), placeholder.Name, spelling, reason));
                }
            }
        }
    }

    private void CheckForContextName(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != "propertyName")
            {
                continue;
            }

            var value = LogOperations.WithoutConversions(argument.Value);
            if (LogOperations.ConstantString(value) is { } name && _spelling.TryRespell(name, out string spelling, out string reason))
            {
                var nameLocation = LogRecognizer.NameLocationOfLiteral(value);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogFieldSpelling, nameLocation ?? value.Syntax.GetLocation(), InPlace(spelling, nameLocation is not null), name, spelling, reason));
            }
        }
    }

    private static ImmutableDictionary<string, string?> InPlace(string spelling, bool renamable)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(LogDiagnosticProperties.NewName, spelling);
        return renamable ? properties.Add(LogDiagnosticProperties.FieldKind, LogDiagnosticProperties.FieldKinds.InPlace) : properties;
    }

    private static void ReportNotConstant(OperationAnalysisContext context, LogTemplate template)
    {
        if (template.Location is { } location)
        {
            string how = template.DynamicKind == DynamicTemplateKind.Interpolated ? "an interpolated string" : "a concatenation";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LogTemplateNotConstant, location, how));
        }
    }

    private static IOperation? TemplateArgumentOf(IInvocationOperation invocation, string parameterName)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool IsBound(LoggerMessageMethod generated, int placeholder)
    {
        foreach (var parameter in generated.Parameters)
        {
            if (parameter.Placeholder == placeholder)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The generator reads only partial methods with attributes: checking the syntax first spares binding every method's attributes.</summary>
    internal static bool IsAttributedPartial(IMethodSymbol method, SymbolAnalysisContext context)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax { AttributeLists.Count: > 0 } declaration
                && declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A log call whose missing fields its callers may supply.</summary>
    private readonly struct CallerDependentFinding
    {
        public CallerDependentFinding(IMethodSymbol callable, ulong missing, Location location)
        {
            Callable = callable;
            Missing = missing;
            Location = location;
        }

        public IMethodSymbol Callable { get; }

        public ulong Missing { get; }

        public Location Location { get; }
    }
}
