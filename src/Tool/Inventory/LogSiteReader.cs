using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;

namespace SignalContract.Tool.Inventory;

/// <summary>
/// Reads log events through the logging rules' own recognition (<see cref="LogRecognizer"/>): each log call, each
/// <c>[LoggerMessage]</c> method and <c>LoggerMessage.Define</c> where it is declared, with its level, template and every
/// field it carries where it stands, each with what supplies it. "Supplied" means what it means to OBS2001: the call's
/// own fields, its Serilog logger's, the scopes around it, a scope provider, the host (<c>logs.ambientIn</c>) and the
/// project's pipeline (<c>signal_contract.logs.supplied_fields</c>); the last three supply fields by declaration, so they
/// are listed as the contract's required fields. Callers are not followed (OBS2001 does).
/// </summary>
internal sealed class LogSiteReader
{
    private readonly LogRecognizer _recognizer;
    private readonly LogsContract _logs;
    private readonly AnalyzerConfigOptionsProvider _options;
    private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<string>> _pipelineFields = new();

    private LogSiteReader(LogRecognizer recognizer, LogsContract logs, AnalyzerConfigOptionsProvider options)
    {
        _recognizer = recognizer;
        _logs = logs;
        _options = options;
    }

    public bool ReadsLoggerMessageMethods => _recognizer.Types.LoggerMessageAttribute is not null;

    /// <summary>A reader for the compilation, or null when it uses neither Microsoft.Extensions.Logging nor Serilog.</summary>
    public static LogSiteReader? Create(Compilation compilation, LogsContract logs, AnalyzerConfigOptionsProvider options) =>
        LogRecognizer.Create(compilation, logs) is { } recognizer ? new LogSiteReader(recognizer, logs, options) : null;

    /// <summary>The log event <paramref name="invocation"/> writes, or the message a <c>LoggerMessage.Define</c> declares; null for any other call.</summary>
    public FoundLogSite? ReadInvocation(IInvocationOperation invocation, ISymbol? containingSymbol, CancellationToken cancellationToken)
    {
        if (_recognizer.ReadCall(invocation, cancellationToken) is { } call)
        {
            // LogLevel.None writes nothing; a wrapper's body forwards the events its callers write.
            return call.Level.IsOff || ForwardsWrapperTemplate(call, cancellationToken) ? null : ReadCall(call, containingSymbol, cancellationToken);
        }

        if (_recognizer.ReadDefinition(invocation) is { Level.IsOff: false } definition)
        {
            var origins = new List<FoundOrigin>();
            AddOwn(origins, definition.Fields);
            AddPipeline(origins, invocation.Syntax.SyntaxTree);
            var template = definition.Template;
            return new FoundLogSite(
                "declaration", invocation.Syntax.GetLocation(), definition.Level, definition.Level, Event: null, TemplateText(template), origins,
                Judged: false, CallersMaySupply: false, UnresolvedReason(call: null, template), LoggerMessage: null);
        }

        return null;
    }

    /// <summary>
    /// The <c>[LoggerMessage]</c> methods declared in <paramref name="model"/>'s file, each with the fields its parameters
    /// log. Read from the file, not as symbols: the generator marks its half of the partial method <c>[GeneratedCode]</c>,
    /// which the method as a whole then carries, so the analyzer driver skips it as generated code.
    /// </summary>
    public void ReadDeclarations(SemanticModel model, ConcurrentQueue<FoundLogSite> sites, CancellationToken cancellationToken)
    {
        var types = new Stack<SyntaxNode>();
        types.Push(model.SyntaxTree.GetRoot(cancellationToken));
        while (types.Count > 0)
        {
            foreach (var member in types.Pop().ChildNodes())
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax:
                        types.Push(member);
                        break;
                    case MethodDeclarationSyntax { AttributeLists.Count: > 0, Body: null, ExpressionBody: null } method
                        when method.Modifiers.Any(SyntaxKind.PartialKeyword)
                            && model.GetDeclaredSymbol(method, cancellationToken) is { } symbol
                            && ReadDeclaration(symbol, cancellationToken) is { } site:
                        sites.Enqueue(site);
                        break;
                }
            }
        }
    }

    private FoundLogSite? ReadDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
    {
        // The generator implements partial definitions only; the implementation part is generated code.
        if (!method.IsPartialDefinition || _recognizer.LoggerMessageMethodOf(method, cancellationToken) is not { Level.IsOff: false } generated
            || generated.Location.SourceTree is not { } tree)
        {
            return null;
        }

        var origins = new List<FoundOrigin>();
        foreach (var parameter in generated.Parameters)
        {
            if (parameter.Role == LoggerMessageParameterRole.Field)
            {
                origins.Add(new FoundOrigin(parameter.FieldName!, parameter.Placeholder >= 0 ? "message" : "call", null, null));
            }
            else if (parameter.Role == LoggerMessageParameterRole.Expanded)
            {
                foreach (var (name, _) in parameter.Members)
                {
                    origins.Add(new FoundOrigin(name, "call", null, null));
                }
            }
        }

        AddPipeline(origins, tree);
        // Judged here only when nothing calls it, as OBS2001 does: the builder knows the calls.
        return new FoundLogSite(
            "declaration", generated.Location, generated.Level, generated.Level, generated.EventName, TemplateText(generated.Template), origins,
            Judged: generated.Level.IsAtLeast(_logs.MinimumLevel), CallersMaySupply: false, UnresolvedReason: null, generated.Method);
    }

    private FoundLogSite ReadCall(LogCall call, ISymbol? containingSymbol, CancellationToken cancellationToken)
    {
        var origins = new List<FoundOrigin>();
        AddOwn(origins, call.Fields);
        foreach (var field in _recognizer.LoggerContextFields(call, cancellationToken))
        {
            origins.Add(new FoundOrigin(field.Name, "logger", field.Location, null));
        }

        var scopes = _recognizer.ScopesAround(call.Invocation, containingSymbol, cancellationToken);
        foreach (var scope in scopes.Scopes)
        {
            var opened = scope.Creation.Syntax.GetLocation();
            if (scope.Kind == LogScopeKind.Provider)
            {
                AddRequired(origins, "provider", opened, ProviderName(scope));
            }
            else if (scope.FieldsUnknown)
            {
                // OBS2001 takes a state it cannot read as supplying every required field.
                AddRequired(origins, "scope", opened, "a key-value state the code does not show");
            }

            foreach (var field in scope.Fields)
            {
                origins.Add(new FoundOrigin(field.Name, "scope", opened, null));
            }
        }

        if (scopes.Ambient != AmbientReason.None)
        {
            AddRequired(origins, "host", null, "logs.ambientIn");
        }

        AddPipeline(origins, call.Invocation.Syntax.SyntaxTree);
        var generated = call.Generated;
        bool judged = !call.FieldsUnknown && call.Template.State != TemplateState.NotConstant && call.Level.IsAtLeast(_logs.MinimumLevel);
        return new FoundLogSite(
            "call",
            call.Invocation.Syntax.GetLocation(),
            generated?.Level ?? call.Level,
            call.Level,
            generated?.EventName,
            TemplateText(call.Template),
            origins,
            judged,
            CallersMaySupply(scopes.Code, containingSymbol),
            UnresolvedReason(call, call.Template),
            generated?.Method);
    }

    /// <summary>The call in a wrapper's body that logs the template its callers pass: the wrapper's calls are the events.</summary>
    private bool ForwardsWrapperTemplate(LogCall call, CancellationToken cancellationToken) =>
        call.Template.State == TemplateState.Unreadable
        && call.Template.Expression is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol method }
        && _recognizer.IsWrapper(method, cancellationToken);

    /// <summary>
    /// True when OBS2001 leaves the call's missing fields to the callers of the code around it (a method the compilation
    /// calls, a local function), or does not judge it (a constructor, resolved inside whatever scope is open).
    /// </summary>
    private static bool CallersMaySupply(EnclosingCode code, ISymbol? containingSymbol) => code switch
    {
        EnclosingCode.LocalFunction => true,
        EnclosingCode.Member => containingSymbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.Ordinary } method => !LogCallAnalysis.CalledOnlyByLibrary(method),
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => true,
            _ => false,
        },
        _ => false,
    };

    private static void AddOwn(List<FoundOrigin> origins, ImmutableArray<LogField> fields)
    {
        foreach (var field in fields)
        {
            origins.Add(new FoundOrigin(field.Name, field.Source == LogFieldSource.Placeholder ? "message" : "call", null, null));
        }
    }

    /// <summary>Scope providers and the host supply every required field, by the contract's word.</summary>
    private void AddRequired(List<FoundOrigin> origins, string from, Location? location, string by)
    {
        foreach (string field in _logs.RequiredFields)
        {
            origins.Add(new FoundOrigin(field, from, location, by));
        }
    }

    private void AddPipeline(List<FoundOrigin> origins, SyntaxTree tree)
    {
        if (!_pipelineFields.TryGetValue(tree, out var names))
        {
            names = _pipelineFields.GetOrAdd(tree, RequiredFields.SuppliedFieldNames(_options.GetOptions(tree)));
        }

        foreach (string name in names)
        {
            origins.Add(new FoundOrigin(name, "pipeline", null, RequiredFields.SuppliedFieldsKey));
        }
    }

    /// <summary>The provider as <c>logs.scopeProviders</c> names it: <c>Namespace.Type.Method</c>.</summary>
    private static string ProviderName(LogScope scope)
    {
        var method = ((IInvocationOperation)scope.Creation).TargetMethod;
        method = method.ReducedFrom ?? method;
        return method.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) + "." + method.Name;
    }

    private static string? TemplateText(LogTemplate template) => template.IsConstant ? template.Parsed.Text : null;

    /// <summary>Why the fields of a site cannot all be read, or null when they can.</summary>
    private static string? UnresolvedReason(LogCall? call, LogTemplate template)
    {
        switch (template.State)
        {
            case TemplateState.NotConstant:
                return "the message template is built at run time (OBS2003): its values are logged as text, not as fields";
            case TemplateState.Unreadable when template.Expression is IParameterReferenceOperation { Parameter: var parameter }:
                return $"the message template is the parameter '{parameter.Name}' of {parameter.ContainingSymbol.Name}, whose callers give it; "
                    + "mark the method [MessageTemplateFormatMethod] or [StructuredMessageTemplate] so that its calls are read as log events";
            case TemplateState.Unreadable:
                return "the message template is not in the code here (a resource, a setting, a method's result): its fields are unknown";
        }

        return call is { FieldsUnknown: true } ? "the state logged here holds keys the code does not show: its fields are unknown" : null;
    }
}

/// <summary>
/// One place that writes or declares a log event, as <see cref="LogSiteReader"/> read it. <paramref name="GroupLevel"/>
/// is the level the event is listed under (a <c>[LoggerMessage]</c> method's own, for its calls too); <paramref name="Level"/>
/// the level at this site, which decides whether it is judged.
/// </summary>
internal sealed record FoundLogSite(
    string Role,
    Location Location,
    LogLevelValue GroupLevel,
    LogLevelValue Level,
    string? Event,
    string? Template,
    List<FoundOrigin> Origins,
    bool Judged,
    bool CallersMaySupply,
    string? UnresolvedReason,
    IMethodSymbol? LoggerMessage);

/// <summary>A field at a log site, what supplies it (see <see cref="FieldOrigin"/>), and where that is written.</summary>
internal sealed record FoundOrigin(string Field, string From, Location? Location, string? By);
