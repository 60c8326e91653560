using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SignalContract.Analyzers.Logs;

internal enum LogScopeKind
{
    /// <summary><c>logger.BeginScope("Order {OrderId}", id)</c></summary>
    BeginScopeTemplate,

    /// <summary><c>logger.BeginScope(state)</c> with a dictionary or a collection of key-value pairs.</summary>
    BeginScopeState,

    /// <summary>A delegate made by <c>LoggerMessage.DefineScope</c>.</summary>
    DefinedScope,

    /// <summary>Serilog's <c>LogContext.PushProperty(name, value)</c>.</summary>
    PushProperty,

    /// <summary>A method the contract lists in <c>logs.scopeProviders</c>: it supplies every required field.</summary>
    Provider,
}

/// <summary>How a fix can add a field to a scope.</summary>
internal enum ScopeExtension
{
    None,

    /// <summary>Add a placeholder to the literal template and an argument.</summary>
    Template,

    /// <summary>Add an entry to the dictionary initializer written in the call.</summary>
    Dictionary,

    /// <summary>Add a key-value pair to the array, list or collection expression written in the call.</summary>
    KeyValuePairs,
}

/// <summary>A logging scope opened around some code: what opens it, where, and the fields it supplies.</summary>
internal sealed class LogScope
{
    public LogScope(LogScopeKind kind, IOperation creation, SyntaxNode statement, ImmutableArray<LogField> fields, bool fieldsUnknown, ScopeExtension extension, SyntaxNode? extensionTarget)
    {
        Kind = kind;
        Creation = creation;
        Statement = statement;
        Fields = fields;
        FieldsUnknown = fieldsUnknown;
        Extension = extension;
        ExtensionTarget = extensionTarget;
    }

    public LogScopeKind Kind { get; }

    /// <summary>The call that opens the scope.</summary>
    public IOperation Creation { get; }

    /// <summary>The <c>using</c> statement or declaration (or plain declaration) that holds the scope.</summary>
    public SyntaxNode Statement { get; }

    /// <summary>The fields the scope names. A provider names none but supplies every required field.</summary>
    public ImmutableArray<LogField> Fields { get; }

    /// <summary>
    /// True when the scope's state is a key-value collection the code does not show (a variable, a custom type): it may
    /// supply any field, so rules treat it as supplying the ones they look for.
    /// </summary>
    public bool FieldsUnknown { get; }

    public bool SuppliesEveryRequiredField => Kind == LogScopeKind.Provider || FieldsUnknown;

    /// <summary>How a fix can add a field here, and the syntax it edits (template literal, initializer, collection).</summary>
    public ScopeExtension Extension { get; }

    public SyntaxNode? ExtensionTarget { get; }
}

/// <summary>Why code runs in a scope the host supplies (<c>logs.ambientIn</c>).</summary>
internal enum AmbientReason
{
    None,

    /// <summary>The type derives from, implements or carries a listed type.</summary>
    Type,

    /// <summary>The method carries a listed attribute.</summary>
    MethodAttribute,

    /// <summary>The code is inside a lambda passed to a listed method (<c>MapGet</c>).</summary>
    HandlerLambda,
}

/// <summary>The innermost piece of code that runs an operation, which decides who its callers are.</summary>
internal enum EnclosingCode
{
    /// <summary>A method, constructor, accessor or operator: called by name.</summary>
    Member,

    /// <summary>A lambda or anonymous method: run by whoever holds the delegate.</summary>
    Lambda,

    /// <summary>A local function: called from its method.</summary>
    LocalFunction,

    /// <summary>Top-level statements: the program's entry point.</summary>
    TopLevelStatements,
}

/// <summary>
/// The logging scopes around one operation, innermost first, within its method (and the lambdas between), plus whether
/// the host supplies a scope there. Scopes are ambient: they apply to every logger, whichever opened them.
/// </summary>
internal sealed class EnclosingScopes
{
    /// <summary>No scope, by ambient reason and enclosing code: the common answers, made once.</summary>
    private static readonly EnclosingScopes[] Empties = CreateEmpties();

    public EnclosingScopes(ImmutableArray<LogScope> scopes, AmbientReason ambient, EnclosingCode code)
    {
        Scopes = scopes;
        Ambient = ambient;
        Code = code;
    }

    public static EnclosingScopes None => Empties[0];

    /// <summary>The scopes in force, innermost first.</summary>
    public ImmutableArray<LogScope> Scopes { get; }

    public AmbientReason Ambient { get; }

    /// <summary>What runs the operation: a member, a lambda, a local function or top-level statements.</summary>
    public EnclosingCode Code { get; }

    /// <summary>True when a provider, the host or a scope of unknown fields supplies every required field.</summary>
    public bool SuppliesEveryRequiredField
    {
        get
        {
            if (Ambient != AmbientReason.None)
            {
                return true;
            }

            foreach (var scope in Scopes)
            {
                if (scope.SuppliesEveryRequiredField)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The innermost scope a fix can add fields to, or null: the scope statement a required-field fix extends.</summary>
    public LogScope? Extendable
    {
        get
        {
            foreach (var scope in Scopes)
            {
                if (scope.Extension != ScopeExtension.None)
                {
                    return scope;
                }
            }

            return null;
        }
    }

    public static EnclosingScopes Of(ImmutableArray<LogScope>.Builder? scopes, AmbientReason ambient, EnclosingCode code) =>
        scopes is null ? Empties[((int)ambient * 4) + (int)code] : new EnclosingScopes(scopes.ToImmutable(), ambient, code);

    private static EnclosingScopes[] CreateEmpties()
    {
        var empties = new EnclosingScopes[16];
        for (int ambient = 0; ambient < 4; ambient++)
        {
            for (int code = 0; code < 4; code++)
            {
                empties[(ambient * 4) + code] = new EnclosingScopes(ImmutableArray<LogScope>.Empty, (AmbientReason)ambient, (EnclosingCode)code);
            }
        }

        return empties;
    }
}
