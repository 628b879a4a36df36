using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Local functions, <c>static double Sq(double v) =&gt; v * v;</c>, called from a differentiable method: generated code
    /// cannot call them (they are local to the user's method), so each call is inlined where it stands. Its arguments are
    /// evaluated in order into locals named like the parameters (an array or span argument is named, not copied), its body
    /// runs as a block of its own, early returns structured as the method's own are, and the call's value is a local that
    /// the body's returns set. The core then differentiates plain statements; a local function that captures the method's
    /// variables reads them at the call, as C# does.
    /// <para>
    /// The body's statements run just before the statement that holds the call, like an assignment used as a value: a call
    /// inside <c>?:</c>, <c>&amp;&amp;</c> or <c>||</c> (evaluated only sometimes), a body that changes a variable the statement
    /// has already read, a local function that calls itself, and a generic, async or iterator local function are errors.
    /// </para>
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The local functions being inlined, innermost last: a call to one of them again is recursion.</summary>
        private readonly List<IMethodSymbol> _inlining = new();

        /// <summary>Array and span parameters of inlined local functions: each names its argument (a variable or a row).</summary>
        private readonly Dictionary<IParameterSymbol, Expr> _parameterAliases = new(SymbolEqualityComparer.Default);

        /// <summary>Parameters of inlined functions bound at a call (the method's own parameters are not among them).</summary>
        private readonly HashSet<IParameterSymbol> _boundParameters = new(SymbolEqualityComparer.Default);

        /// <summary>Bound parameters whose argument has the same value wherever it is read, and which the body never assigns.</summary>
        private readonly HashSet<IParameterSymbol> _fixedParameters = new(SymbolEqualityComparer.Default);

        /// <summary>Whether a local function was inlined: its body's diagnostics are then reported once, not once per call.</summary>
        private bool _inlinedLocalFunction;

        /// <summary>A call of a local function as a value: its result, the body inlined before the statement. Null after reporting.</summary>
        private Expr? LowerLocalFunctionCall(IInvocationOperation invocation)
        {
            IMethodSymbol function = invocation.TargetMethod;
            if (SymbolFacts.Classify(function.ReturnType) is not { IsScalar: true } resultType || function.ReturnsByRef || function.ReturnsByRefReadonly)
            {
                return Unsupported(invocation, "a local function called for its value must return a number, a bool or an enum, and '" + function.Name
                    + "' returns '" + function.ReturnType.ToDisplayString() + "'; make it a method of the type");
            }

            if (_sometimes > 0)
            {
                return Unsupported(invocation, "a call to a local function inside ?:, && or || is evaluated only sometimes, and GradGen runs its body before the statement; assign it to a local in an if statement instead");
            }

            if (_effects is null)
            {
                return Unsupported(invocation, "GradGen runs a local function's body before the statement that calls it, which it cannot do here; assign the call to a local first");
            }

            var result = new Variable(_nextId++, NextTempName("_" + char.ToLowerInvariant(function.Name[0]) + function.Name.Substring(1)), resultType, VariableKind.Synthetic);
            return InlineLocalFunction(invocation, result, _effects, inExpression: true) ? new VarRef(result) : null;
        }

        /// <summary><c>Accumulate(v);</c>: a call of a local function as a statement, its body inlined here. False when the
        /// call is not to a local function.</summary>
        private bool LowerLocalFunctionStatement(IInvocationOperation invocation, List<Stmt> output)
        {
            if (invocation.TargetMethod.MethodKind != MethodKind.LocalFunction) return false;
            if (invocation.Type?.SpecialType != SpecialType.System_Void)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, invocation.Syntax.GetLocation(), "'" + Abbreviate(invocation.Syntax) + "'",
                    "the value of this call is discarded; assign it to a local, or make the local function return void");
                return true;
            }

            WithEffects(output, () => InlineLocalFunction(invocation, null, output, inExpression: false));
            return true;
        }

        /// <summary>Inlines <paramref name="invocation"/> into <paramref name="output"/>: the arguments into the parameters, then the
        /// body, its returns setting <paramref name="result"/> (none for a void local function). False after reporting.</summary>
        private bool InlineLocalFunction(IInvocationOperation invocation, Variable? result, List<Stmt> output, bool inExpression)
        {
            IMethodSymbol function = invocation.TargetMethod.OriginalDefinition;
            string why = WhyNotInlined(function);
            if (why.Length > 0)
            {
                Unsupported(invocation, "GradGen cannot write the local function '" + function.Name + "' where it is called: " + why + ". Make it a method of the type, which GradGen differentiates without the attribute");
                return false;
            }

            if (LocalFunctionBody(function) is not { } body)
            {
                Unsupported(invocation, "the body of the local function '" + function.Name + "' is not available (fix the compile errors first)");
                return false;
            }

            return InlineBody(invocation, function, body, _semanticModel, result, null, output, inExpression);
        }

        /// <summary>Why <paramref name="function"/> cannot be written where it is called, or empty.</summary>
        private string WhyNotInlined(IMethodSymbol function) =>
            function.IsGenericMethod ? "it is generic; write it for double or float"
            : function.IsAsync ? "it is async"
            : IsIterator(function) ? "it is an iterator"
            : function.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out) ? "it takes a ref or out parameter; return the value instead"
            : function.Parameters.Any(p => p.IsParams) ? "it takes a params array; pass an array"
            : _inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, function)) ? "it calls itself, and GradGen writes its body where it is called"
            : string.Empty;

        /// <summary>
        /// Writes <paramref name="body"/> of <paramref name="function"/> where <paramref name="invocation"/> stands, in
        /// <paramref name="output"/>: the arguments into the parameters, then the body, read through <paramref name="model"/>
        /// (the model of the tree that declares it). Its returns set <paramref name="result"/>; or, with
        /// <paramref name="returnedBuffer"/>, the body ends with <c>return buffer;</c>, which is left out: the caller names the
        /// buffer. False after reporting.
        /// </summary>
        private bool InlineBody(IInvocationOperation invocation, IMethodSymbol function, IBlockOperation body, SemanticModel model, Variable? result, ILocalSymbol? returnedBuffer, List<Stmt> output, bool inExpression)
        {
            // What the statement read before the call (its arguments are evaluated into locals before the body runs, as in C#).
            Variable[] readBefore = _readSoFar?.ToArray() ?? System.Array.Empty<Variable>();

            // The arguments, in the order C# evaluates them, into locals named like the parameters. The parameters are bound
            // once every argument is lowered: an argument may inline the same local function (F(x, F(1, y))).
            var statements = new List<Stmt>();
            var bindings = new List<(IParameterSymbol Parameter, Variable? Variable, Expr? Alias, bool Fixed)>();
            bool ok = true;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    Unsupported(argument, "this argument is not supported");
                    ok = false;
                    continue;
                }

                parameter = parameter.OriginalDefinition;
                bool isFixed = IsFixed(argument.Value) && !AssignsParameter(function, parameter);
                Expr? value = LowerExpression(argument.Value);
                if (value is null)
                {
                    ok = false;
                    continue;
                }

                TypeRef? parameterType = SymbolFacts.Classify(parameter.Type);
                if (parameterType is { IsSequence: true } or { Shape: Shape.Jagged })
                {
                    // An array or a span: the parameter names the argument (a variable, a view of one, a row of data).
                    if (value is ElementAccess { Sequence: VarRef rows, Index: var index } && index is not IntConst and not VarRef)
                    {
                        // A row chosen by an expression, xs[(n + 1) % xs.Length]: the index is read once, into a local.
                        var row = new Variable(_nextId++, NextTempName("_" + parameter.Name + "Row"), index.Type, VariableKind.Synthetic);
                        statements.Add(new Declare(row, Hoist(index, statements)));
                        value = new ElementAccess(rows, new VarRef(row));
                        isFixed = false; // the local is the block's own
                    }

                    if (AliasedSequence(value) is not { } alias)
                    {
                        Unsupported(argument, "pass an array or span variable (or a row of data) to '" + parameter.Name + "' of '" + function.Name + "'");
                        ok = false;
                        continue;
                    }

                    if (SymbolFacts.HasNoDerivative(parameter))
                    {
                        // The body is written here, so the parameter names the caller's array itself: it cannot be held
                        // constant where the argument varies. Said only then; data passed to it is fine.
                        Pending(argument.Syntax.GetLocation(), DiagnosticDescriptors.UnsupportedExpression, null,
                            new object[] { Abbreviate(argument.Syntax), "'" + parameter.Name + "' of '" + function.Name + "' is [NoDerivative], and GradGen writes '" + function.Name
                                + "' where it is called, where the array it names varies; remove [NoDerivative] (the derivative then flows through it), or copy the values into a local buffer read through Gradients.WithoutDerivative" },
                            alias);
                    }

                    bindings.Add((parameter, null, alias, isFixed));
                    continue;
                }

                if (parameterType is not { IsScalar: true })
                {
                    Unsupported(argument, "the parameter '" + parameter.Name + "' of '" + function.Name + "' is a '" + parameter.Type.ToDisplayString() + "'; GradGen writes where they are called functions of numbers, bools, enums, arrays and spans");
                    ok = false;
                    continue;
                }

                if (isFixed && parameterType.Value.IsIntegral)
                {
                    // A count or a length the body never changes names the caller's value, which is the same wherever it is read:
                    // a buffer the body creates with it can then be created once, before the caller's statement.
                    bindings.Add((parameter, null, Converted(value, parameterType.Value), true));
                    continue;
                }

                var variable = new Variable(_nextId++, parameter.Name, parameterType.Value, VariableKind.Local);
                Expr bound = Hoist(value, statements);
                if (SymbolFacts.HasNoDerivative(parameter) && parameterType.Value.IsReal)
                {
                    // Held constant, as the parameter says, wherever its body is written.
                    bound = new StopGradient(bound);
                }

                statements.Add(new Declare(variable, Converted(bound, variable.Type)));
                bindings.Add((parameter, variable, null, false));
            }

            if (!ok) return false;
            foreach ((IParameterSymbol parameter, Variable? variable, Expr? alias, bool isFixed) in bindings)
            {
                _boundParameters.Add(parameter);
                if (isFixed) _fixedParameters.Add(parameter);
                else _fixedParameters.Remove(parameter);
                if (variable is not null)
                {
                    _parameterAliases.Remove(parameter);
                    _variables[parameter] = variable;
                }
                else
                {
                    _parameterAliases[parameter] = alias!;
                }
            }

            // The body, as a block of its own; its returns are structured as a method's are, then set the result.
            _inlining.Add(function);
            _inlinedLocalFunction = true;
            int errorsBefore = ErrorCount;
            var lowered = new List<Stmt>();
            _blockDepth++;

            // The body's statements are statements of their own: nothing in them joins the calling statement's effects.
            (List<Stmt>? effects, HashSet<Variable>? read, int sometimes) = (_effects, _readSoFar, _sometimes);
            (_effects, _readSoFar, _sometimes) = (null, null, 0);
            Reassigned(); // of the method being lowered, read through its own model
            SemanticModel callerModel = _semanticModel;
            _semanticModel = model;
            try
            {
                int count = body.Operations.Length - (returnedBuffer is null ? 0 : 1);
                for (int i = 0; i < count; i++) LowerStatement(body.Operations[i], lowered);
            }
            finally
            {
                _semanticModel = callerModel;
                (_effects, _readSoFar, _sometimes) = (effects, read, sometimes);
                _blockDepth--;
                _inlining.RemoveAt(_inlining.Count - 1);
            }

            if (ErrorCount > errorsBefore) return false;
            Block structured = ControlFlowStructuring.Structure(new Block(lowered.ToEquatableArray()), ref _nextId);
            statements.AddRange(SetResult(structured, result).Statements);

            if (inExpression)
            {
                // The body runs before the statement: it must not change what the statement has read before the call.
                HashSet<int> written = IrWalker.Writes(new Block(statements.ToEquatableArray()));
                if (readBefore.FirstOrDefault(v => written.Contains(v.Id)) is { } changed)
                {
                    Unsupported(invocation, "'" + function.Name + "' changes '" + changed.Name + "', which this statement reads before the call; call it in a statement of its own");
                    return false;
                }
            }

            if (result is not null) output.Add(new Declare(result, null));
            output.Add(new Block(statements.ToEquatableArray()));
            return true;
        }

        /// <summary>Whether the body of <paramref name="function"/> assigns <paramref name="parameter"/> (not its elements).</summary>
        private bool AssignsParameter(IMethodSymbol function, IParameterSymbol parameter)
        {
            foreach (SyntaxReference reference in function.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax(_cancellationToken);
                SemanticModel model = declaration.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _calls.ModelFor(declaration.SyntaxTree);
                foreach (SyntaxNode node in declaration.DescendantNodes())
                {
                    ExpressionSyntax? target = node switch
                    {
                        AssignmentExpressionSyntax assignment => assignment.Left,
                        PrefixUnaryExpressionSyntax prefix when prefix.OperatorToken.ValueText is "++" or "--" => prefix.Operand,
                        PostfixUnaryExpressionSyntax postfix when postfix.OperatorToken.ValueText is "++" or "--" => postfix.Operand,
                        ArgumentSyntax { RefKindKeyword.ValueText: "ref" or "out" } argument => argument.Expression,
                        _ => null,
                    };
                    if (target is not null && Names(target, parameter, model)) return true;
                }
            }

            return false;
        }

        /// <summary>Whether assigning <paramref name="target"/> assigns <paramref name="parameter"/> (itself, or in a tuple).</summary>
        private bool Names(ExpressionSyntax target, IParameterSymbol parameter, SemanticModel model) => target switch
        {
            IdentifierNameSyntax name => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, _cancellationToken).Symbol?.OriginalDefinition, parameter),
            ParenthesizedExpressionSyntax parenthesized => Names(parenthesized.Expression, parameter, model),
            TupleExpressionSyntax tuple => tuple.Arguments.Any(a => Names(a.Expression, parameter, model)),
            _ => false,
        };

        /// <summary>Whether a local function yields (its own body, not a function nested in it).</summary>
        private bool IsIterator(IMethodSymbol function) =>
            function.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is LocalFunctionStatementSyntax syntax
                && syntax.DescendantNodes(n => n == syntax || n is not LocalFunctionStatementSyntax).OfType<YieldStatementSyntax>().Any());

        /// <summary>The block of a local function's body (an expression body is a block that returns it), or null.</summary>
        private IBlockOperation? LocalFunctionBody(IMethodSymbol function)
        {
            foreach (SyntaxReference reference in function.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax syntax || syntax.SyntaxTree != _semanticModel.SyntaxTree) continue;
                if (_semanticModel.GetOperation(syntax, _cancellationToken) is ILocalFunctionOperation operation)
                {
                    return operation.Body ?? operation.IgnoredBody;
                }
            }

            return null;
        }

        /// <summary>An array or span argument as a name the inlined body can read and index: a variable, a view of one, a row.</summary>
        private static Expr? AliasedSequence(Expr value) => value switch
        {
            VarRef => value,
            Cast { Operand: var operand } when AliasedSequence(operand) is not null => value,
            ElementAccess { Sequence: VarRef, Index: IntConst or VarRef } => value,
            _ => null,
        };

        /// <summary>The local buffer an array or span argument names (through a view of it), or null for the caller's data.</summary>
        private static VarRef? AliasedBuffer(Expr alias) => alias switch
        {
            VarRef { Var: { Kind: VariableKind.Local or VariableKind.Synthetic, Type.IsSequence: true } } buffer => buffer,
            Cast { Operand: var operand } => AliasedBuffer(operand),
            _ => null,
        };

        /// <summary>The structured body with each <c>return e</c> as <c>result = e</c> (after structuring, nothing follows a
        /// return on its path).</summary>
        private static Block SetResult(Block block, Variable? result)
        {
            var statements = new List<Stmt>();
            foreach (Stmt s in block.Statements)
            {
                statements.Add(s switch
                {
                    Return { Value: { } value } when result is not null => new Assign(new VarRef(result), Converted(value, result.Type)),
                    Return => Block.Empty,
                    Block b => SetResult(b, result),
                    If i => new If(i.Condition, SetResult(i.Then, result), SetResult(i.Else, result)),
                    Loop l => new Loop(l.Kind, SetResult(l.Initializer, result), l.Condition, SetResult(l.Body, result), SetResult(l.Increment, result)),
                    _ => s,
                });
            }

            return new Block(statements.Where(s => s is not Block { Statements.Count: 0 }).ToEquatableArray());
        }

        /// <summary><c>return e;</c> inside a local function being inlined: a return of the inlined body (structured later).</summary>
        private bool LowerInlinedReturn(IReturnOperation ret, List<Stmt> output)
        {
            if (_inlining.Count == 0) return false;
            if (ret.ReturnedValue is null)
            {
                output.Add(new Return(null));
            }
            else if (WithEffects(output, () => LowerExpression(ret.ReturnedValue)) is { } value)
            {
                output.Add(new Return(Hoist(value, output)));
            }

            return true;
        }

        /// <summary>Once a local function was inlined at several calls, each of its body's diagnostics is reported once.</summary>
        private void DeduplicateInlinedDiagnostics()
        {
            if (!_inlinedLocalFunction) return;
            var seen = new HashSet<(string, Location, string)>();
            var unique = new List<Diagnostic>();
            foreach (Diagnostic d in _diagnostics)
            {
                if (seen.Add((d.Id, d.Location, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))) unique.Add(d);
            }

            _diagnostics.Clear();
            _diagnostics.AddRange(unique);
        }
    }
}
