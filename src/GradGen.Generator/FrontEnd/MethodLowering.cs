using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// The front end: lowers one [Differentiable] method (its syntax, symbols and operations) into the
    /// IR of <see cref="MethodModel"/>, and finds everything GradGen cannot differentiate in it. The
    /// generator and the analyzer both call it, so what the analyzer flags is exactly what the
    /// generator skips. It reports every problem it finds, not only the first.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        private readonly MethodDeclarationSyntax _syntax;
        private readonly IMethodSymbol _method;
        private SemanticModel _semanticModel; // the model of the tree being read: a helper written where it is called may live in another
        private readonly CallContext _calls;
        private readonly CancellationToken _cancellationToken;
        private readonly List<Diagnostic> _diagnostics = new();
        private readonly List<PendingCheck> _pending = new();
        private readonly Dictionary<int, object[]> _constantArguments = new();
        private readonly Dictionary<ISymbol, Variable> _variables = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ILocalSymbol> _rejectedLocals = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<string, int> _tempCounters = new(StringComparer.Ordinal);
        private int _nextId;
        private bool _rejectedByCompiler;
        private int _heldConstant;
        private int _loopDepth;
        private int _blockDepth;
        private TypeRef _returnType;
        private TypeRef _thisType;

        private MethodLowering(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CallContext calls, CancellationToken cancellationToken)
        {
            _syntax = syntax;
            _method = method;
            _semanticModel = semanticModel;
            _calls = calls;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Lowers the method declared by <paramref name="syntax"/>.</summary>
        public static LoweringResult Lower(MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (semanticModel.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method)
            {
                return new LoweringResult(null, ImmutableArray<Diagnostic>.Empty);
            }

            return Lower(syntax, method, semanticModel, CallContext.For(semanticModel.Compilation), cancellationToken);
        }

        /// <summary>True for the declaration part of a partial method whose implementation exists: the
        /// implementation is what gets lowered (and analyzed).</summary>
        public static bool IsPartialDeclarationWithImplementation(MethodDeclarationSyntax syntax, IMethodSymbol method) =>
            syntax.Body is null && syntax.ExpressionBody is null && method.PartialImplementationPart is not null;

        /// <summary>Lowers <paramref name="method"/> through <paramref name="calls"/>, which keeps one lowering
        /// per method for the whole compilation.</summary>
        internal static LoweringResult Lower(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CallContext calls, CancellationToken cancellationToken)
        {
            if (IsPartialDeclarationWithImplementation(syntax, method) && CallContext.GetDeclaration(method, semanticModel.Compilation) is { } implementation)
            {
                method = method.PartialImplementationPart!;
                syntax = implementation;
                if (implementation.SyntaxTree != semanticModel.SyntaxTree)
                {
#pragma warning disable RS1030 // The implementation of a partial method may live in another tree.
                    semanticModel = semanticModel.Compilation.GetSemanticModel(implementation.SyntaxTree);
#pragma warning restore RS1030
                }
            }

            return calls.Lower(syntax, method, semanticModel, cancellationToken);
        }

        /// <summary>Does the work (CallContext decides when): never throws but for cancellation.</summary>
        internal static LoweringResult LowerNow(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CallContext calls, CancellationToken cancellationToken)
        {
            var lowering = new MethodLowering(syntax, method, semanticModel, calls, cancellationToken);
            try
            {
                return lowering.Run();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A safety net: GradGen must never crash the compiler or the IDE. The method gets no
                // generated members and the user gets an error that says so.
                Diagnostic internalError = Diagnostic.Create(
                    DiagnosticDescriptors.InternalError,
                    syntax.Identifier.GetLocation(),
                    method.Name,
                    ex.GetType().Name + ": " + ex.Message);
                return new LoweringResult(null, ImmutableArray.Create(internalError));
            }
        }

        private LoweringResult Run()
        {
            if (LanguageVersion < Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3)
            {
                Report(DiagnosticDescriptors.LanguageVersionTooOld, _syntax.Identifier.GetLocation(), Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.ToDisplayString(LanguageVersion));
                return new LoweringResult(null, _diagnostics.ToImmutableArray());
            }

            bool signatureOk = CheckSignature(out EquatableArray<ParameterModel> parameters);
            Block? body = null;
            if (_genericRejected)
            {
                // The body computes with a T GradGen does not differentiate: each of its operations would be an error of its own.
                return new LoweringResult(null, _diagnostics.ToImmutableArray());
            }

            if (_syntax.Body is not null || _syntax.ExpressionBody is not null)
            {
                IOperation? operation = _semanticModel.GetOperation(_syntax, _cancellationToken);
                IBlockOperation? block = operation switch
                {
                    IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
                    IBlockOperation b => b,
                    _ => null,
                };

                if (block is null)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, _syntax.Identifier.GetLocation(), "this method body", "the compiler could not bind it; fix the compile errors first");
                }
                else if (WithinDepthLimits(block))
                {
                    body = WithVectorOutputs(LowerRootBlock(block));
                }
            }

            if (body is not null)
            {
                // Checks that depend on what varies with the differentiable parameters. Unknown calls
                // are taken to pass variation through, so that F(G(w)) reports both calls at once.
                HashSet<int> varied = Activity.Varied(body, Independents(parameters).Concat(_thisModel?.Leaves.Select(l => l.Slot) ?? Enumerable.Empty<Variable>()), throughUnknownCalls: true);
                foreach (PendingCheck check in _pending)
                {
                    bool isVaried = check.DependsOn.Any(e => Activity.IsVaried(e, varied, throughUnknownCalls: true))
                        && !check.UnlessVaried.Any(e => Activity.IsVaried(e, varied, throughUnknownCalls: true));
                    DiagnosticDescriptor? descriptor = isVaried ? check.WhenVaried : check.WhenConstant;
                    if (descriptor is not null)
                    {
                        object[] arguments = !isVaried && _constantArguments.TryGetValue(_pending.IndexOf(check), out object[]? constantArguments) ? constantArguments : check.Arguments;
                        _diagnostics.Add(Diagnostic.Create(descriptor, check.Location, arguments));
                    }

                    if (isVaried) _diagnostics.AddRange(check.AlsoWhenVaried);
                }

                ResolveForwardCalls(varied);
                ResolveSecondOrderCalls(varied);
                CheckHessianConstructs();
            }

            CheckHessianResult();
            DeduplicateInlinedDiagnostics();
            if (!signatureOk || body is null || HasErrors || _rejectedByCompiler || IsRejectedByCompiler())
            {
                return new LoweringResult(null, _diagnostics.ToImmutableArray());
            }

            if (!parameters.Any(p => p.IsDifferentiable) && _thisModel is null)
            {
                Report(DiagnosticDescriptors.NoDifferentiableParameters, _syntax.Identifier.GetLocation(), _method.Name, WhyNoDifferentiableParameters());
                return new LoweringResult(null, _diagnostics.ToImmutableArray());
            }

            Block structured = ControlFlowStructuring.Structure(body, ref _nextId);

            var model = new MethodModel(
                Namespace: SymbolFacts.NamespaceName(_method.ContainingNamespace),
                ContainingTypes: ContainingTypes(),
                Name: _method.Name,
                Accessibility: AccessibilityText(IsImplicitCallee ? Min(_method.DeclaredAccessibility, Accessibility.Internal) : _method.DeclaredAccessibility),
                IsStatic: _method.IsStatic,
                ReturnType: _returnType,
                Parameters: parameters,
                Body: structured,
                NextVariableId: _nextId,
                HasMathF: _semanticModel.Compilation.GetTypeByMetadataName("System.MathF") is not null,
                HasNullableAnnotations: LanguageVersion >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8,
                HintName: HintName(),
                DocumentationId: DisplaySignature(),
                IsImplicit: IsImplicitCallee,
                ImplicitCallees: _implicitCallees.Values.ToEquatableArray(),
                Forward: IsMarkedForward,
                Hessian: IsMarkedHessian,
                ForwardCallees: ForwardCallees(),
                SecondOrderCallees: IsSecondOrder ? _secondOrderReach.Values.ToEquatableArray() : EquatableArray<MethodModel>.Empty,
                This: _thisModel,
                Vector: _vector,
                Generic: _generic);
            return WithForwardFacts(new LoweringResult(WithSecondOrderSelf(model), _diagnostics.ToImmutableArray()));
        }

        /// <summary>The method is not marked [Differentiable]: a [Differentiable] method calls it, and only its pullback is generated.</summary>
        private bool IsImplicitCallee => !SymbolFacts.IsDifferentiable(_method) && !(_method.PartialDefinitionPart is { } definition && SymbolFacts.IsDifferentiable(definition));

        /// <summary>The narrower of two accessibilities (a helper's pullback is never more visible than internal).</summary>
        private static Accessibility Min(Accessibility a, Accessibility b) => a == Accessibility.Public ? b : a == Accessibility.ProtectedOrInternal ? Accessibility.Internal : a;

        /// <summary>The real operands of the comparisons a condition is made of (through !, &amp;&amp; and ||).</summary>
        private static Expr[] ComparedValues(Expr condition)
        {
            var operands = new List<Expr>();
            void Walk(Expr e)
            {
                switch (e)
                {
                    case Unary { Op: UnaryOp.Not } u:
                        Walk(u.Operand);
                        break;
                    case Binary { Op: BinaryOp.AndAlso or BinaryOp.OrElse } b:
                        Walk(b.Left);
                        Walk(b.Right);
                        break;
                    case Binary { Op: BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual } b when b.Left.Type.IsReal || b.Right.Type.IsReal:
                        operands.Add(b.Left);
                        operands.Add(b.Right);
                        break;
                }
            }

            Walk(condition);
            return operands.ToArray();
        }

        /// <summary><paramref name="value"/> as <paramref name="type"/>: a constant converted in place, anything else through an
        /// implicit conversion (C#'s conversions the front end makes explicit: an int element into a double slot, say).</summary>
        private static Expr Converted(Expr value, TypeRef type) =>
            value.Type == type ? value
            : value is IntConst i && type.IsReal && (i.Kind != ScalarKind.UInt64 || i.Value >= 0) ? RealConst.Of(i.Value, type.Scalar)
            : value is RealConst r && type.IsReal ? RealConst.Of(r.Value, type.Scalar)
            : new Cast(value, type, IsImplicit: true);

        /// <summary><c>double.IsNaN(value)</c> (or <c>float.IsNaN</c>): a test that has no derivative.</summary>
        private static Expr IsNaN(Expr value) =>
            new OpaqueCall(null, value.Type.Scalar == ScalarKind.Generic ? GenericScalarName.Instance : new BuiltInTypeName(value.Type.Scalar == ScalarKind.Float ? BuiltInType.Single : BuiltInType.Double), "IsNaN",
                EquatableArray<TypeName>.Empty, EquatableArray.Create(value), TypeRef.Boolean, IsPure: true);

        /// <summary><c>System.Linq.Enumerable</c>, whose reductions and <c>ElementAt</c> the front end calls.</summary>
        private static readonly TypeName LinqEnumerable = new NamedTypeName("System.Linq", null, "Enumerable", EquatableArray<TypeName>.Empty);

        private bool HasErrors => _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

        /// <summary>The C# version of the project (the method's own file's parse options).</summary>
        private Microsoft.CodeAnalysis.CSharp.LanguageVersion LanguageVersion =>
            (_syntax.SyntaxTree.Options as Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)?.LanguageVersion ?? Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest;

        /// <summary>How deep GradGen's passes (which recurse over the IR) may go, with room to spare on the
        /// 1 MB stack of an IDE or compiler-server thread.</summary>
        internal const int MaxExpressionDepth = 200;

        /// <summary>How deep loops may nest: the reverse sweep computes a fixed point per loop, nested.</summary>
        internal const int MaxLoopDepth = 8;

        /// <summary>Checks, without recursing, that no expression nests deeper than <see cref="MaxExpressionDepth"/>
        /// and no loop deeper than <see cref="MaxLoopDepth"/>; reports the first construct that does.</summary>
        private bool WithinDepthLimits(IOperation root)
        {
            var stack = new Stack<(IOperation Operation, int Depth, int Loops)>();
            stack.Push((root, 0, 0));
            while (stack.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                (IOperation operation, int depth, int loops) = stack.Pop();
                if (operation is ILoopOperation && ++loops > MaxLoopDepth)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a loop nested more than " + MaxLoopDepth + " deep",
                        "move the inner loops into a [Differentiable] method of their own");
                    return false;
                }

                if (depth > MaxExpressionDepth)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), Abbreviate(operation.Syntax),
                        "it nests more than " + MaxExpressionDepth + " operations deep; split it into several statements with locals");
                    return false;
                }

                foreach (IOperation child in operation.ChildOperations)
                {
                    stack.Push((child, depth + 1, loops));
                }
            }

            return true;
        }

        // ------------------------------------------------------------------ helpers

        /// <summary>
        /// Moves calls to [Differentiable] methods out of a value into locals of their own, declared just
        /// before the statement, so that the reverse sweep can call each callee's pullback once. A call
        /// that would be evaluated only conditionally (inside ?:, &amp;&amp; or ||) cannot move and is
        /// reported; a call inside a comparison stays (its result has no derivative).
        /// </summary>
        private Expr Hoist(Expr value, List<Stmt> output) => HoistCalls(value, output, conditional: false);

        private Expr HoistCalls(Expr e, List<Stmt> output, bool conditional)
        {
            switch (e)
            {
                case DiffCall call:
                    {
                        var args = call.Args.Select(a => HoistCalls(a, output, conditional)).ToEquatableArray();
                        DiffCall hoisted = call with { Args = args };
                        if (conditional && _implicitCalls.Contains(call))
                        {
                            // A helper differentiated without [Differentiable] stays an ordinary call where its
                            // arguments are constants; where they vary, it is the error below.
                            ReportConditionalCall(call, whenVaried: args.Concat(call.Receiver is { } r ? new[] { r } : Array.Empty<Expr>()).ToArray());
                            EquatableArray<Expr> callArgs = call.Memberwise ? (call with { Args = args }).CallArguments.ToEquatableArray() : args;
                            return new OpaqueCall(call.Receiver, call.Owner, call.Method, EquatableArray<TypeName>.Empty, callArgs, call.ResultType);
                        }

                        if (conditional)
                        {
                            ReportConditionalCall(call);
                            return hoisted;
                        }

                        string baseName = "_" + char.ToLowerInvariant(call.Method[0]) + call.Method.Substring(1);
                        var temp = new Variable(_nextId++, NextTempName(baseName), call.Type, VariableKind.Synthetic);
                        output.Add(new Declare(temp, hoisted));
                        return new VarRef(temp);
                    }

                case Binary b when b.Op is BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual:
                    return e; // a comparison's operands have no derivative to propagate
                case Binary b when b.Op is BinaryOp.AndAlso or BinaryOp.OrElse:
                    return b with { Left = HoistCalls(b.Left, output, conditional), Right = HoistCalls(b.Right, output, conditional: true) };
                case Binary b:
                    return b with { Left = HoistCalls(b.Left, output, conditional), Right = HoistCalls(b.Right, output, conditional) };
                case Unary u:
                    return u with { Operand = HoistCalls(u.Operand, output, conditional) };
                case Cast c:
                    return c with { Operand = HoistCalls(c.Operand, output, conditional) };
                case Call c:
                    return c with { Args = c.Args.Select(a => HoistCalls(a, output, conditional)).ToEquatableArray() };
                case Conditional c:
                    return c with
                    {
                        Condition = HoistCalls(c.Condition, output, conditional),
                        WhenTrue = HoistCalls(c.WhenTrue, output, conditional: true),
                        WhenFalse = HoistCalls(c.WhenFalse, output, conditional: true),
                    };
                case ElementAccess a:
                    return a with { Sequence = HoistCalls(a.Sequence, output, conditional), Index = HoistCalls(a.Index, output, conditional) };
                case StopGradient:
                    return e; // evaluated as written; nothing flows back through it
                case OpaqueCall reduction when !conditional && _reductions.ContainsKey(reduction):
                    return ExpandReduction(reduction, output);
                default:
                    return e;
            }
        }

        private readonly List<(DiffCall Call, Location Location)> _callLocations = new();

        private void ReportConditionalCall(DiffCall call, Expr[]? whenVaried = null)
        {
            int index = _callLocations.FindIndex(c => ReferenceEquals(c.Call, call));
            if (index < 0) return;
            Location location = _callLocations[index].Location;
            _callLocations.RemoveAt(index);
            const string Why = "a call to a differentiable method inside ?:, && or || is evaluated only sometimes; assign it to a local in an if statement instead";
            if (whenVaried is null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, location, call.Method + "(...)", Why);
            }
            else
            {
                Pending(location, DiagnosticDescriptors.UnsupportedExpression, null, new object[] { call.Method + "(...)", Why }, whenVaried);
            }
        }

        private string NextTempName(string baseName)
        {
            _tempCounters.TryGetValue(baseName, out int n);
            _tempCounters[baseName] = n + 1;
            return baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location, arguments));

        /// <summary>Registers a check decided once activity is known, and returns it (null inside a value held constant,
        /// where only a <paramref name="whenConstant"/> check is kept).</summary>
        private PendingCheck? Pending(Location location, DiagnosticDescriptor whenVaried, DiagnosticDescriptor? whenConstant, object[] arguments, params Expr[] dependsOn)
        {
            if (_heldConstant > 0 && whenConstant is null) return null;
            var check = new PendingCheck(location, _heldConstant > 0 ? whenConstant! : whenVaried, whenConstant, arguments, dependsOn);
            _pending.Add(check);
            return check;
        }

        /// <summary>A diagnostic that depends on activity, decided once the whole body is lowered.</summary>
        private sealed class PendingCheck
        {
            public PendingCheck(Location location, DiagnosticDescriptor whenVaried, DiagnosticDescriptor? whenConstant, object[] arguments, Expr[] dependsOn)
            {
                Location = location;
                WhenVaried = whenVaried;
                WhenConstant = whenConstant;
                Arguments = arguments;
                DependsOn = dependsOn;
            }

            public Location Location { get; }

            public DiagnosticDescriptor WhenVaried { get; }

            public DiagnosticDescriptor? WhenConstant { get; }

            public object[] Arguments { get; }

            public Expr[] DependsOn { get; }

            /// <summary>Diagnostics found elsewhere (in a helper this call reaches) that count only when the check's
            /// expressions vary.</summary>
            public Diagnostic[] AlsoWhenVaried { get; set; } = Array.Empty<Diagnostic>();

            /// <summary>Expressions that must not vary for the check to count as varied (the values a step selects).</summary>
            public Expr[] UnlessVaried { get; set; } = Array.Empty<Expr>();
        }
    }
}
