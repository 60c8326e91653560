using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Infrastructure;
using SignalContract.Analyzers.Logs;

namespace SignalContract.Analyzers.Pii;

/// <summary>
/// One compilation's analysis for <see cref="LogPiiAnalyzer"/>. Each name is judged where it is written: a template's
/// placeholders at the log call (or the <c>LoggerMessage.Define</c>, or the <c>[LoggerMessage]</c> declaration), scope
/// keys where the scope is opened, <c>ForContext</c> names where the logger is enriched; values are judged where they are
/// passed. So a scope is reported once, not at every log call inside it.
/// </summary>
internal sealed class LogPiiAnalysis
{
    private const int MaxMembersListed = 3;

    /// <summary>A fix logs the other members one by one only when there are a few of them.</summary>
    private const int MaxMembersFixed = 5;

    private readonly LogRecognizer _recognizer;
    private readonly PersonalData _judge;
    private readonly bool _hasRedactor;

    public LogPiiAnalysis(LogRecognizer recognizer, PersonalData judge)
    {
        _recognizer = recognizer;
        _judge = judge;
        _hasRedactor = judge.Contract.Redactor is not null;
    }

    public void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        List<Diagnostic>? findings = null;
        var call = _recognizer.ReadCall(invocation, context.CancellationToken);
        if (call is null)
        {
            AnalyzeOtherCall(invocation, ref findings, context);
        }
        else
        {
            switch (call.Api)
            {
                case LogApi.MelExtension or LogApi.Serilog or LogApi.Wrapper:
                    if (call.Template.State == TemplateState.NotConstant)
                    {
                        CheckBuiltTemplate(call.Template.Expression, ref findings);
                    }
                    else
                    {
                        CheckTemplateCall(call.Template, call.Arguments, judgeNames: true, removable: IsRemovable(call), ref findings);
                    }

                    break;
                case LogApi.MelDefinedMessage:
                    // The names are judged at LoggerMessage.Define.
                    CheckTemplateCall(call.Template, call.Arguments, judgeNames: false, removable: false, ref findings);
                    break;
                case LogApi.MelState:
                    CheckFields(call.Fields, judgeNames: true, ref findings);
                    break;
                case LogApi.LoggerMessageMethod:
                    CheckGeneratedCall(call, ref findings);
                    break;
            }
        }

        if (findings is not null)
        {
            foreach (var finding in findings)
            {
                context.ReportDiagnostic(finding);
            }
        }
    }

    /// <summary>
    /// A <c>[LoggerMessage]</c> method: a field parameter named for personal data (unless its type cannot carry it or a
    /// data-classification attribute has the generator redact it), and a <c>[LogProperties]</c> parameter whose
    /// unredacted members are.
    /// </summary>
    public void AnalyzeLoggerMessageDeclaration(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null || !LogCallAnalysis.IsAttributedPartial(method, context)
            || _recognizer.LoggerMessageMethodOf(method, context.CancellationToken) is not { } generated)
        {
            return;
        }

        var template = generated.Template;
        foreach (var parameter in generated.Parameters)
        {
            var symbol = parameter.Parameter;
            switch (parameter.Role)
            {
                case LoggerMessageParameterRole.Field when parameter.FieldName is { } name:
                    if (_judge.EntryIn(name) is { } entry && !_judge.CannotCarry(symbol.Type) && !IsRedactedByGenerator(symbol))
                    {
                        var location = parameter.Placeholder >= 0 && template.NameLocationOf(template.Parsed.Placeholders[parameter.Placeholder]) is { } nameLocation
                            ? nameLocation
                            : symbol.Locations[0];
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PiiInLogMessage, location, $"Log field '{name}'", entry));
                    }

                    break;
                case LoggerMessageParameterRole.Expanded when IsLogProperties(parameter):
                    var exposed = _judge.Exposure.Of(symbol.Type, ExposureKind.Properties);
                    if (exposed.ExposesPersonalData)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PiiInLoggedObject, symbol.Locations[0], symbol.Name, "with its properties ([LogProperties])", Describe(exposed.Personal)));
                    }

                    break;
            }
        }
    }

    /// <summary>Calls that are not log calls but name log fields: scopes, <c>ForContext</c>, <c>LoggerMessage.Define</c>.</summary>
    private void AnalyzeOtherCall(IInvocationOperation invocation, ref List<Diagnostic>? findings, OperationAnalysisContext context)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "BeginScope" or "PushProperty" or "Invoke":
                if (_recognizer.ReadScope(invocation, invocation.Syntax, context.CancellationToken) is { } scope)
                {
                    CheckScope(scope, invocation, ref findings);
                }

                break;
            case "ForContext":
                if (_recognizer.Types.IsSerilogLogger(method.ContainingType))
                {
                    CheckNamedValue(invocation, "propertyName", "value", ref findings);
                }

                break;
            case "Define" or "DefineScope":
                if (TypeLookup.Is(method.ContainingType, _recognizer.Types.LoggerMessage))
                {
                    CheckDefinition(invocation, ref findings);
                }

                break;
        }
    }

    private void CheckScope(LogScope scope, IInvocationOperation invocation, ref List<Diagnostic>? findings)
    {
        switch (scope.Kind)
        {
            case LogScopeKind.BeginScopeTemplate:
                var template = LogTemplate.Read(ArgumentOf(invocation, "messageFormat"));
                if (template.State == TemplateState.NotConstant)
                {
                    CheckBuiltTemplate(template.Expression, ref findings);
                }
                else
                {
                    var arguments = ArgumentOf(invocation, "args") is { } args ? LogOperations.ArrayElements(args) : ImmutableArray<IOperation>.Empty;
                    CheckTemplateCall(template, arguments, judgeNames: true, removable: true, ref findings);
                }

                break;
            case LogScopeKind.BeginScopeState:
                if (scope.Fields.IsEmpty && !scope.FieldsUnknown && invocation.Arguments.Length == 1)
                {
                    // A string or an object: logged as its text.
                    CheckValue(invocation.Arguments[0].Value, fieldName: null, PlaceholderCapture.Default, ValueSite.None, ref findings);
                }
                else
                {
                    CheckFields(scope.Fields, judgeNames: true, ref findings);
                }

                break;
            case LogScopeKind.PushProperty:
                CheckFields(scope.Fields, judgeNames: true, ref findings);
                break;
            case LogScopeKind.DefinedScope:
                CheckFields(scope.Fields, judgeNames: false, ref findings);
                break;
        }
    }

    /// <summary>
    /// Each placeholder of a template with the value bound to it: the name, when it is judged here, then the value.
    /// Positional holes (<c>{0}</c>) have only a value.
    /// </summary>
    private void CheckTemplateCall(LogTemplate template, ImmutableArray<IOperation>? arguments, bool judgeNames, bool removable, ref List<Diagnostic>? findings)
    {
        var placeholders = template.Parsed.Placeholders;
        bool positional = false;
        foreach (var placeholder in placeholders)
        {
            positional |= placeholder.IsPositional;
        }

        for (int i = 0; i < placeholders.Length; i++)
        {
            var placeholder = placeholders[i];
            var value = LogCall.ArgumentFor(template.Parsed, arguments, i);
            if (placeholder.IsPositional)
            {
                if (value is not null && !BoundEarlier(template.Parsed, arguments, i, value))
                {
                    CheckValue(value, fieldName: null, placeholder.Capture, ValueSite.None, ref findings);
                }

                continue;
            }

            // A removal edits the argument list: only where the value is an argument of its own.
            var site = ValueSite.AtPlaceholder(template, i, removable && !positional && value?.Syntax.Parent is ArgumentSyntax);
            if (_judge.EntryIn(placeholder.Name) is { } entry)
            {
                if (judgeNames && !_judge.IsSafeValue(value) && (template.NameLocationOf(placeholder) ?? template.LocationOf(placeholder)) is { } location)
                {
                    Add(ref findings, Diagnostic.Create(Descriptors.PiiInLogMessage, location, FixFor(site, value), $"Log field '{placeholder.Name}'", entry));
                }

                continue;
            }

            if (value is not null)
            {
                CheckValue(value, placeholder.Name, placeholder.Capture, site, ref findings);
            }
        }
    }

    /// <summary>Named fields with their values: state keys, scope keys, <c>PushProperty</c> names.</summary>
    private void CheckFields(ImmutableArray<LogField> fields, bool judgeNames, ref List<Diagnostic>? findings)
    {
        foreach (var field in fields)
        {
            if (_judge.EntryIn(field.Name) is { } entry)
            {
                if (judgeNames && !_judge.IsSafeValue(field.Value) && (field.NameLocation ?? field.Location) is { } location)
                {
                    Add(ref findings, Diagnostic.Create(Descriptors.PiiInLogMessage, location, FixFor(ValueSite.OfField(field), field.Value), $"Log field '{field.Name}'", entry));
                }

                continue;
            }

            if (field.Value is { } value)
            {
                CheckValue(value, field.Name, field.Capture, ValueSite.OfField(field), ref findings);
            }
        }
    }

    /// <summary>The arguments of a <c>[LoggerMessage]</c> call: the names were judged at the declaration.</summary>
    private void CheckGeneratedCall(LogCall call, ref List<Diagnostic>? findings)
    {
        var generated = call.Generated!;
        var template = generated.Template;
        foreach (var parameter in generated.Parameters)
        {
            if (parameter.Role != LoggerMessageParameterRole.Field || parameter.FieldName is not { } name || call.ValueOf(parameter.Parameter) is not { } value
                || _judge.EntryIn(name) is not null || IsRedactedByGenerator(parameter.Parameter))
            {
                continue;
            }

            var capture = parameter.Placeholder >= 0 ? template.Parsed.Placeholders[parameter.Placeholder].Capture : PlaceholderCapture.Default;
            CheckValue(value, name, capture, ValueSite.Named(nameLocation: null), ref findings);
        }
    }

    /// <summary>Serilog's <c>ForContext(name, value, destructureObjects)</c>.</summary>
    private void CheckNamedValue(IInvocationOperation invocation, string nameParameter, string valueParameter, ref List<Diagnostic>? findings)
    {
        var nameValue = ArgumentOf(invocation, nameParameter);
        var value = ArgumentOf(invocation, valueParameter);
        if (nameValue is null || LogOperations.ConstantString(nameValue) is not { } name)
        {
            return;
        }

        var capture = ArgumentOf(invocation, "destructureObjects") is { ConstantValue: { HasValue: true, Value: true } } ? PlaceholderCapture.Destructure : PlaceholderCapture.Default;
        var site = ValueSite.Named(LogRecognizer.NameLocationOfLiteral(nameValue));
        if (_judge.EntryIn(name) is { } entry)
        {
            if (!_judge.IsSafeValue(value))
            {
                Add(ref findings, Diagnostic.Create(Descriptors.PiiInLogMessage, site.NameLocation ?? nameValue.Syntax.GetLocation(), FixFor(site, value), $"Log field '{name}'", entry));
            }

            return;
        }

        if (value is not null)
        {
            CheckValue(value, name, capture, site, ref findings);
        }
    }

    /// <summary><c>LoggerMessage.Define&lt;T1, ...&gt;</c>: placeholders named for personal data, unless their type argument cannot carry it.</summary>
    private void CheckDefinition(IInvocationOperation invocation, ref List<Diagnostic>? findings)
    {
        var template = LogTemplate.Read(ArgumentOf(invocation, "formatString"));
        var placeholders = template.Parsed.Placeholders;
        if (placeholders.IsEmpty)
        {
            return;
        }

        var typeArguments = invocation.TargetMethod.TypeArguments;
        for (int i = 0; i < placeholders.Length; i++)
        {
            var placeholder = placeholders[i];
            if (placeholder.IsPositional || _judge.EntryIn(placeholder.Name) is not { } entry
                || (i < typeArguments.Length && _judge.CannotCarry(typeArguments[i])))
            {
                continue;
            }

            if ((template.NameLocationOf(placeholder) ?? template.LocationOf(placeholder)) is { } location)
            {
                Add(ref findings, Diagnostic.Create(Descriptors.PiiInLogMessage, location, $"Log field '{placeholder.Name}'", entry));
            }
        }
    }

    /// <summary>An interpolated or concatenated template writes its values into the message text itself.</summary>
    private void CheckBuiltTemplate(IOperation? template, ref List<Diagnostic>? findings)
    {
        if (template is null)
        {
            return;
        }

        foreach (var part in Parts(template))
        {
            if (_judge.NamedIn(part) is { } match)
            {
                Add(ref findings, Diagnostic.Create(Descriptors.PiiInLogMessage, part.Syntax.GetLocation(), $"'{part.Syntax}' (written into the message text)", match.Entry));
            }
        }
    }

    private static IEnumerable<IOperation> Parts(IOperation template)
    {
        switch (PersonalData.WithoutConversions(template))
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        yield return hole.Expression;
                    }
                }

                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                foreach (var side in new[] { concatenation.LeftOperand, concatenation.RightOperand })
                {
                    foreach (var part in Parts(side))
                    {
                        yield return part;
                    }
                }

                break;
            case { ConstantValue.HasValue: false } value:
                yield return value;
                break;
        }
    }

    /// <summary>
    /// A value under an innocent name: OBS4001 when its expression names personal data, else OBS4002 when it is an
    /// object whose text or structure exposes some.
    /// </summary>
    private void CheckValue(IOperation value, string? fieldName, PlaceholderCapture capture, in ValueSite site, ref List<Diagnostic>? findings)
    {
        if (_judge.IsAllowed(fieldName))
        {
            return;
        }

        if (_judge.NamedIn(value) is { } match)
        {
            string where = fieldName is null ? "written into the message text" : $"logged as '{fieldName}'";
            Add(ref findings, Diagnostic.Create(Descriptors.PiiInLogMessage, value.Syntax.GetLocation(), FixFor(site, value), $"'{value.Syntax}' ({where})", match.Entry));
            return;
        }

        // What the type exposes first: a cached answer, and none for strings and numbers, where most values stop.
        var unwrapped = PersonalData.WithoutConversions(value);
        var kind = capture == PlaceholderCapture.Destructure ? ExposureKind.Structure : ExposureKind.Text;
        var exposed = _judge.Exposure.Of(unwrapped.Type, kind);
        var personal = exposed.Personal;
        if (unwrapped is IAnonymousObjectCreationOperation anonymous)
        {
            personal = WithNamedValues(anonymous, personal);
        }

        if (personal.IsEmpty || _judge.IsSafeValue(value))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        var fix = FixFor(site, value);
        if (fix.TryGetValue(PiiDiagnosticProperties.Removal, out string? removal) && removal == PiiDiagnosticProperties.Removals.Placeholder
            && exposed.Other.Length is > 0 and <= MaxMembersFixed && unwrapped is not IAnonymousObjectCreationOperation && IsRepeatable(unwrapped))
        {
            properties = properties
                .Add(PiiDiagnosticProperties.Placeholder, fix[PiiDiagnosticProperties.Placeholder])
                .Add(PiiDiagnosticProperties.Members, string.Join(",", exposed.Other));
        }

        string how = kind == ExposureKind.Structure ? "with its structure" : unwrapped.Type?.IsAnonymousType == true ? "as an anonymous object" : unwrapped.Type is { IsRecord: true } ? "as text (a record prints every property)" : "as text";
        Add(ref findings, Diagnostic.Create(Descriptors.PiiInLoggedObject, value.Syntax.GetLocation(), properties, value.Syntax.ToString(), how, Describe(personal)));
    }

    /// <summary>An anonymous object written in place may carry a PII value under an innocent member name: <c>new { Contact = customer.Email }</c>.</summary>
    private ImmutableArray<string> WithNamedValues(IAnonymousObjectCreationOperation anonymous, ImmutableArray<string> personal)
    {
        foreach (var initializer in anonymous.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property, Value: var value }
                && !personal.Contains(property.Property.Name) && _judge.NamedIn(value) is not null)
            {
                personal = personal.Add(property.Property.Name);
            }
        }

        return personal;
    }

    /// <summary>The properties a fix of a finding at <paramref name="site"/> needs: what it can remove, and the spans a redaction wraps.</summary>
    private ImmutableDictionary<string, string?> FixFor(in ValueSite site, IOperation? value)
    {
        var fix = ImmutableDictionary<string, string?>.Empty;
        var nameLocation = site.NameLocation;
        switch (site.Kind)
        {
            case ValueSiteKind.Placeholder:
                nameLocation = site.Template!.NameLocationOf(site.Template.Parsed.Placeholders[site.Index]);
                if (site.Removable && nameLocation is not null)
                {
                    fix = fix
                        .Add(PiiDiagnosticProperties.Removal, PiiDiagnosticProperties.Removals.Placeholder)
                        .Add(PiiDiagnosticProperties.Placeholder, site.Index.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case ValueSiteKind.Field:
                if (site.Field.Source == LogFieldSource.ScopeKey && EntryOf(site.Field) is { } entrySyntax)
                {
                    fix = fix.Add(PiiDiagnosticProperties.Removal, PiiDiagnosticProperties.Removals.Entry).WithSpan(PiiDiagnosticProperties.RemovedSpan, entrySyntax.GetLocation());
                }

                break;
            case ValueSiteKind.None:
                return fix;
        }

        return WithRedaction(fix, value, nameLocation);
    }

    private ImmutableDictionary<string, string?> WithRedaction(ImmutableDictionary<string, string?> fix, IOperation? value, Location? nameLocation)
    {
        value = value is null ? null : PersonalData.WithoutConversions(value);
        if (!_hasRedactor || value is null || value.Type?.SpecialType != SpecialType.System_String)
        {
            return fix;
        }

        return fix.WithSpan(PiiDiagnosticProperties.ValueSpan, value.Syntax.GetLocation()).WithSpan(PiiDiagnosticProperties.NameSpan, nameLocation);
    }

    /// <summary>A removal edits the call's argument list: only where the arguments are written one by one.</summary>
    private static bool IsRemovable(LogCall call) =>
        call.TemplateArgument?.Syntax is ArgumentSyntax && call.Invocation.Syntax is InvocationExpressionSyntax { Expression: not GenericNameSyntax and not MemberAccessExpressionSyntax { Name: GenericNameSyntax } };

    /// <summary>A value a fix can name again for each member without running it twice: a local, parameter, field or property chain.</summary>
    private static bool IsRepeatable(IOperation value) => value switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsRepeatable(field.Instance),
        IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null || IsRepeatable(property.Instance),
        _ => false,
    };

    /// <summary>The dictionary entry or pair that supplies a scope key, when it is written in place.</summary>
    private static SyntaxNode? EntryOf(LogField field)
    {
        var node = field.Value?.Syntax;
        for (int depth = 0; node?.Parent is { } parent && depth < 8; node = parent, depth++)
        {
            switch (parent)
            {
                case InitializerExpressionSyntax initializer when !initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                    return node;
                case ExpressionElementSyntax element:
                    return element;
                case StatementSyntax or MemberDeclarationSyntax or LambdaExpressionSyntax:
                    return null;
            }
        }

        return null;
    }

    private static bool BoundEarlier(MessageTemplate template, ImmutableArray<IOperation>? arguments, int index, IOperation value)
    {
        for (int i = 0; i < index; i++)
        {
            if (ReferenceEquals(LogCall.ArgumentFor(template, arguments, i), value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A classified parameter the generator redacts, or one its author declared not classified.</summary>
    private bool IsRedactedByGenerator(IParameterSymbol parameter) =>
        (_judge.Exposure.IsClassified(parameter, personalDataOnly: false) && !_judge.Exposure.IsClassified(parameter, personalDataOnly: true))
        || _judge.Exposure.IsDeclassified(parameter);

    private static bool IsLogProperties(LoggerMessageParameter parameter)
    {
        foreach (var (_, member) in parameter.Members)
        {
            if (member is IPropertySymbol)
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? ArgumentOf(IInvocationOperation invocation, string parameterName) =>
        Arguments.ValueOf(invocation.Arguments, parameterName) is { } value ? LogOperations.WithoutConversions(value) : null;

    private static string Describe(ImmutableArray<string> members)
    {
        var text = new StringBuilder("in ");
        for (int i = 0; i < members.Length && i < MaxMembersListed; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append('\'').Append(members[i]).Append('\'');
        }

        if (members.Length > MaxMembersListed)
        {
            text.Append(" and ").Append((members.Length - MaxMembersListed).ToString(CultureInfo.InvariantCulture)).Append(" more");
        }

        return text.ToString();
    }

    private static void Add(ref List<Diagnostic>? findings, Diagnostic diagnostic) => (findings ??= new List<Diagnostic>()).Add(diagnostic);

    private enum ValueSiteKind
    {
        /// <summary>A positional hole or a scope state: nothing a fix can take out or redact by name.</summary>
        None,

        /// <summary>A value under a name written elsewhere (or nowhere): a redaction only.</summary>
        Named,

        Placeholder,

        Field,
    }

    /// <summary>
    /// Where a value is logged, from which <see cref="FixFor"/> makes a finding's fix properties once there is a finding:
    /// a placeholder's name location maps the template's source text, which most log calls never need.
    /// </summary>
    private readonly struct ValueSite
    {
        private ValueSite(ValueSiteKind kind, LogTemplate? template, int index, bool removable, LogField field, Location? nameLocation)
        {
            Kind = kind;
            Template = template;
            Index = index;
            Removable = removable;
            Field = field;
            NameLocation = nameLocation;
        }

        public static ValueSite None => default;

        public ValueSiteKind Kind { get; }

        public LogTemplate? Template { get; }

        /// <summary>The placeholder's index in <see cref="Template"/>.</summary>
        public int Index { get; }

        /// <summary>True when a fix may remove the placeholder and its argument, given the placeholder's name can be found in the source.</summary>
        public bool Removable { get; }

        public LogField Field { get; }

        public Location? NameLocation { get; }

        public static ValueSite Named(Location? nameLocation) => new(ValueSiteKind.Named, null, 0, false, default, nameLocation);

        public static ValueSite AtPlaceholder(LogTemplate template, int index, bool removable) => new(ValueSiteKind.Placeholder, template, index, removable, default, null);

        public static ValueSite OfField(LogField field) => new(ValueSiteKind.Field, null, 0, false, field, field.NameLocation);
    }
}
