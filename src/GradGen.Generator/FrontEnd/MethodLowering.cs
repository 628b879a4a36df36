using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradGen.Generator.Analysis;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Emit;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
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
    internal sealed class MethodLowering
    {
        private readonly MethodDeclarationSyntax _syntax;
        private readonly IMethodSymbol _method;
        private readonly SemanticModel _semanticModel;
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
                    body = LowerBlock(block);
                }
            }

            if (body is not null)
            {
                // Checks that depend on what varies with the differentiable parameters. Unknown calls
                // are taken to pass variation through, so that F(G(w)) reports both calls at once.
                HashSet<int> varied = Activity.Varied(body, parameters.Where(p => p.IsDifferentiable).Select(p => p.Variable), throughUnknownCalls: true);
                foreach (PendingCheck check in _pending)
                {
                    bool isVaried = check.DependsOn.Any(e => Activity.IsVaried(e, varied, throughUnknownCalls: true));
                    DiagnosticDescriptor? descriptor = isVaried ? check.WhenVaried : check.WhenConstant;
                    if (descriptor is not null)
                    {
                        object[] arguments = !isVaried && _constantArguments.TryGetValue(_pending.IndexOf(check), out object[]? constantArguments) ? constantArguments : check.Arguments;
                        _diagnostics.Add(Diagnostic.Create(descriptor, check.Location, arguments));
                    }
                }
            }

            if (!signatureOk || body is null || HasErrors || _rejectedByCompiler || IsRejectedByCompiler())
            {
                return new LoweringResult(null, _diagnostics.ToImmutableArray());
            }

            if (!parameters.Any(p => p.IsDifferentiable))
            {
                Report(DiagnosticDescriptors.NoDifferentiableParameters, _syntax.Identifier.GetLocation(), _method.Name);
                return new LoweringResult(null, _diagnostics.ToImmutableArray());
            }

            Block structured = ControlFlowStructuring.Structure(body, ref _nextId);

            var model = new MethodModel(
                Namespace: _method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                ContainingTypes: ContainingTypes(),
                Name: _method.Name,
                Accessibility: AccessibilityText(_method.DeclaredAccessibility),
                IsStatic: _method.IsStatic,
                ReturnType: _returnType,
                Parameters: parameters,
                Body: structured,
                NextVariableId: _nextId,
                HasMathF: _semanticModel.Compilation.GetTypeByMetadataName("System.MathF") is not null,
                HasNullableAnnotations: LanguageVersion >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8,
                HintName: HintName(),
                DocumentationId: DisplaySignature());
            return new LoweringResult(model, _diagnostics.ToImmutableArray());
        }

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

        // ------------------------------------------------------------------ signature

        private bool CheckSignature(out EquatableArray<ParameterModel> parameters)
        {
            int errorsBefore = ErrorCount;

            for (SyntaxNode? node = _syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.ContainingTypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, _method.Name);
                }
            }

            if (_method.IsGenericMethod)
            {
                Report(DiagnosticDescriptors.GenericMethod, _syntax.TypeParameterList?.GetLocation() ?? _syntax.Identifier.GetLocation(), _method.Name);
            }

            TypeRef? returnType = SymbolFacts.Classify(_method.ReturnType);
            if (returnType is not { IsReal: true } || _method.ReturnsByRef || _method.ReturnsByRefReadonly)
            {
                Report(DiagnosticDescriptors.UnsupportedReturnType, _syntax.ReturnType.GetLocation(), _method.Name, _syntax.ReturnType.ToString());
            }
            else
            {
                _returnType = returnType.Value;
            }

            if (_syntax.Body is null && _syntax.ExpressionBody is null)
            {
                string why = _method.IsAbstract ? "it is abstract" : _method.IsExtern ? "it is extern" : _method.IsPartialDefinition ? "it is a partial declaration without an implementation" : "it is declared without one";
                Report(DiagnosticDescriptors.MethodWithoutBody, _syntax.Identifier.GetLocation(), _method.Name, why);
            }

            foreach (SyntaxToken modifier in _syntax.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.AsyncKeyword))
                {
                    Report(DiagnosticDescriptors.AsyncOrIterator, modifier.GetLocation(), _method.Name, "async");
                }
            }

            _thisType = new TypeRef(ScalarKind.Other, Shape.Scalar, _method.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat));

            var list = new List<ParameterModel>();
            foreach (IParameterSymbol p in _method.Parameters)
            {
                ParameterSyntax? pSyntax = p.Ordinal < _syntax.ParameterList.Parameters.Count ? _syntax.ParameterList.Parameters[p.Ordinal] : null;
                TypeRef type = SymbolFacts.ClassifyParameter(p.Type);
                bool differentiableType = SymbolFacts.IsDifferentiableType(SymbolFacts.Classify(p.Type));
                bool noDerivative = SymbolFacts.HasNoDerivative(p);
                if (noDerivative && !differentiableType)
                {
                    Location location = NoDerivativeAttributeLocation(pSyntax) ?? pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation();
                    Report(DiagnosticDescriptors.RedundantNoDerivative, location, p.Name, p.Type.ToDisplayString());
                }

                if (differentiableType && !noDerivative && p.RefKind is RefKind.Ref or RefKind.Out)
                {
                    Report(DiagnosticDescriptors.ByReferenceParameter, pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation(), p.Name, p.RefKind == RefKind.Ref ? "ref" : "out");
                }

                var variable = new Variable(_nextId++, p.Name, type, VariableKind.Parameter);
                _variables[p] = variable;
                string? defaultValue = p.HasExplicitDefaultValue ? Literals.Constant(p.ExplicitDefaultValue) ?? "default" : null;
                list.Add(new ParameterModel(variable, SymbolFacts.ToModel(p.RefKind), SymbolFacts.IsDifferentiableParameter(p), p.IsParams, defaultValue));
            }

            parameters = list.ToEquatableArray();
            CheckTupleElementNames(parameters);
            CheckNameCollisions(parameters);
            return ErrorCount == errorsBefore;
        }

        private int ErrorCount => _diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

        private static Location? NoDerivativeAttributeLocation(ParameterSyntax? parameter)
        {
            if (parameter is null) return null;
            foreach (AttributeListSyntax list in parameter.AttributeLists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    string name = attribute.Name.ToString();
                    if (name.EndsWith("NoDerivative", StringComparison.Ordinal) || name.EndsWith("NoDerivativeAttribute", StringComparison.Ordinal))
                    {
                        return attribute.GetLocation();
                    }
                }
            }

            return null;
        }

        /// <summary>With several differentiable parameters the gradient is a tuple named by them; C# reserves
        /// some element names (ItemN elsewhere than position N, Rest, and the members of object).</summary>
        private void CheckTupleElementNames(EquatableArray<ParameterModel> parameters)
        {
            var differentiable = parameters.Where(p => p.IsDifferentiable).ToList();
            if (differentiable.Count < 2) return;
            for (int position = 0; position < differentiable.Count; position++)
            {
                string name = differentiable[position].Name;
                bool reserved = name is "Rest" or "ToString" or "GetHashCode" or "Equals" or "GetType" or "CompareTo" or "Deconstruct" or "MemberwiseClone" or "Finalize"
                    || (name.StartsWith("Item", StringComparison.Ordinal) && int.TryParse(name.Substring(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n != position + 1);
                if (!reserved) continue;
                int ordinal = parameters.AsSpan().IndexOf(differentiable[position]);
                Location location = ordinal < _syntax.ParameterList.Parameters.Count ? _syntax.ParameterList.Parameters[ordinal].Identifier.GetLocation() : _syntax.Identifier.GetLocation();
                Report(DiagnosticDescriptors.UnsupportedExpression, location, name,
                    "the gradient is a tuple named by the differentiable parameters, and C# reserves this name for a tuple element; rename the parameter");
            }
        }

        private void CheckNameCollisions(EquatableArray<ParameterModel> parameters)
        {
            // A parameter's signature for overloading: its type, and whether it is passed by reference
            // (C# cannot overload on ref against out or in, but can on by-reference against by-value).
            static string Key(string type, bool byReference) => (byReference ? "&" : string.Empty) + type;
            string[] userTypes = _method.Parameters.Select(p => Key(p.Type.ToDisplayString(SymbolFacts.QualifiedFormat), p.RefKind != RefKind.None)).ToArray();
            var pullbackTypes = new List<string>(userTypes) { Key(_method.ReturnType.ToDisplayString(SymbolFacts.QualifiedFormat), false) };
            foreach (ParameterModel p in parameters)
            {
                if (!p.IsDifferentiable) continue;
                string element = p.Type.Scalar == ScalarKind.Float ? "float" : "double";
                pullbackTypes.Add(p.Type.IsScalar ? Key(element, true) : Key("global::System.Span<" + element + ">", false));
            }

            CheckCollision(_method.Name + "Gradient", userTypes);
            CheckCollision(_method.Name + "ValueAndGradient", userTypes);
            CheckCollision(_method.Name + "Pullback", pullbackTypes.ToArray());
        }

        private void CheckCollision(string name, string[] parameterTypes)
        {
            foreach (ISymbol member in _method.ContainingType.GetMembers(name))
            {
                if (IsGeneratedByGradGen(member)) continue;
                bool collides = member is not IMethodSymbol m
                    || (m.Parameters.Length == parameterTypes.Length
                        && m.Parameters.Select(p => (p.RefKind != RefKind.None ? "&" : string.Empty) + p.Type.ToDisplayString(SymbolFacts.QualifiedFormat)).SequenceEqual(parameterTypes));
                if (!collides) continue;

                // On the [Differentiable] method's own name: the collision is caused by generating for it.
                Report(DiagnosticDescriptors.MemberNameCollision, _syntax.Identifier.GetLocation(), _method.ContainingType.Name, name, _method.Name);
            }
        }

        private static bool IsGeneratedByGradGen(ISymbol member)
        {
            foreach (AttributeData attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass is { } cls
                    && SymbolFacts.IsNamed(cls, "System.CodeDom.Compiler.GeneratedCodeAttribute")
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is "GradGen")
                {
                    return true;
                }
            }

            return false;
        }

        private EquatableArray<ContainingTypeModel> ContainingTypes()
        {
            var types = new List<ContainingTypeModel>();
            for (INamedTypeSymbol? type = _method.ContainingType; type is not null; type = type.ContainingType)
            {
                string keyword = type.TypeKind switch
                {
                    TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
                    TypeKind.Interface => "interface",
                    _ => type.IsRecord ? "record" : "class",
                };
                string typeParameters = type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">";
                types.Insert(0, new ContainingTypeModel(keyword, type.Name, typeParameters));
            }

            return types.ToEquatableArray();
        }

        private static string AccessibilityText(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

        private string DisplaySignature() =>
            _method.Name + "(" + string.Join(", ", _method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";

        /// <summary>
        /// A readable file name (namespace, types, method) made unique by a hash of the method's exact
        /// identity: Roslyn compares hint names ignoring case and the name is cleaned of characters file
        /// systems dislike, so <c>Losses.F</c> and <c>losses.F</c>, or a namespace <c>A.B</c> and a nested
        /// type <c>A+B</c>, would otherwise collide and take every generated gradient down with them.
        /// </summary>
        private string HintName()
        {
            var name = new System.Text.StringBuilder();
            if (_method.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                name.Append(ns.ToDisplayString()).Append('.');
            }

            var chain = new List<string>();
            for (INamedTypeSymbol? t = _method.ContainingType; t is not null; t = t.ContainingType)
            {
                chain.Insert(0, t.TypeParameters.Length == 0 ? t.Name : t.Name + "`" + t.TypeParameters.Length);
            }

            name.Append(string.Join(".", chain)).Append('.').Append(_method.Name);
            string identity = (_method.ContainingNamespace?.ToDisplayString() ?? string.Empty) + "|" + string.Join("+", chain) + "|" + _method.Name
                + "(" + string.Join(",", _method.Parameters.Select(p => p.RefKind + " " + p.Type.ToDisplayString(SymbolFacts.QualifiedFormat))) + ")";
            name.Append('.').Append(Hashing.Fnv1a(identity).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            var clean = new System.Text.StringBuilder(name.Length);
            foreach (char c in name.ToString())
            {
                clean.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or '`' or '-' ? c : '_');
            }

            return clean.Append(".g.cs").ToString();
        }

        /// <summary>
        /// Code the compiler rejects gets no generated members: a duplicate declaration (two methods of
        /// one signature, or the attribute on both parts of a partial method), or a return without a value.
        /// The compiler's own error says what is wrong; generating would only add confusing errors.
        /// </summary>
        private bool IsRejectedByCompiler()
        {
            if (_method.PartialDefinitionPart is { } definition && SymbolFacts.IsDifferentiable(definition)
                && definition.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken) is MethodDeclarationSyntax d && d.AttributeLists.Count > 0)
                && _syntax.AttributeLists.Count > 0)
            {
                return true; // [Differentiable] on both parts: CS0579
            }

            string Signature(IMethodSymbol m) => string.Join(",", m.Parameters.Select(p => (p.RefKind == RefKind.None ? string.Empty : "&") + p.Type.ToDisplayString(SymbolFacts.QualifiedFormat)));
            string own = Signature(_method);
            return _method.ContainingType.GetMembers(_method.Name).OfType<IMethodSymbol>()
                .Any(m => !SymbolEqualityComparer.Default.Equals(m, _method) && !SymbolEqualityComparer.Default.Equals(m, _method.PartialDefinitionPart)
                    && !SymbolEqualityComparer.Default.Equals(m, _method.PartialImplementationPart) && m.Arity == _method.Arity && Signature(m) == own);
        }

        // ------------------------------------------------------------------ statements

        private Block LowerBlock(IBlockOperation block)
        {
            var statements = new List<Stmt>();
            foreach (IOperation operation in block.Operations)
            {
                LowerStatement(operation, statements);
            }

            return new Block(statements.ToEquatableArray());
        }

        private Block LowerEmbedded(IOperation operation)
        {
            _blockDepth++;
            try
            {
                if (operation is IBlockOperation block && block.Syntax.Parent is not UnsafeStatementSyntax)
                {
                    return LowerBlock(block);
                }

                var statements = new List<Stmt>();
                LowerStatement(operation, statements);
                return new Block(statements.ToEquatableArray());
            }
            finally
            {
                _blockDepth--;
            }
        }

        private void LowerStatement(IOperation operation, List<Stmt> output)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IBlockOperation block when block.Syntax.Parent is UnsafeStatementSyntax unsafeStatement:
                    Report(DiagnosticDescriptors.UnsupportedStatement, unsafeStatement.UnsafeKeyword.GetLocation(), "an unsafe block", "pointers have no derivatives; use arrays or spans");
                    break;
                case IBlockOperation block:
                    output.Add(LowerEmbedded(block));
                    break;
                case IVariableDeclarationGroupOperation group:
                    foreach (IVariableDeclarationOperation declaration in group.Declarations)
                    {
                        foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                        {
                            LowerDeclarator(declarator, declaration.Initializer, output);
                        }
                    }

                    break;
                case IExpressionStatementOperation statement:
                    LowerExpressionStatement(statement.Operation, output);
                    break;
                case IReturnOperation ret when ret.Kind is OperationKind.YieldReturn or OperationKind.YieldBreak:
                    Report(DiagnosticDescriptors.AsyncOrIterator, KeywordLocation(ret.Syntax), _method.Name, "an iterator");
                    break;
                case IReturnOperation ret:
                    if (ret.ReturnedValue is null)
                    {
                        _rejectedByCompiler = true; // a return without a value in a double method: CS0126
                    }
                    else if (LowerExpression(ret.ReturnedValue) is { } value)
                    {
                        output.Add(new Return(Hoist(value, output)));
                    }

                    break;
                case IConditionalOperation conditional when conditional.Type is null:
                    {
                        Expr? condition = LowerExpression(conditional.Condition);
                        Block then = LowerEmbedded(conditional.WhenTrue);
                        Block otherwise = conditional.WhenFalse is null ? Block.Empty : LowerEmbedded(conditional.WhenFalse);
                        if (condition is not null)
                        {
                            output.Add(new If(condition, then, otherwise));
                        }

                        break;
                    }

                case IWhileLoopOperation loop:
                    LowerWhile(loop, output);
                    break;
                case IForLoopOperation loop:
                    LowerFor(loop, output);
                    break;
                case IForEachLoopOperation loop:
                    LowerForEach(loop, output);
                    break;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Break:
                    output.Add(new Break());
                    break;
                case IBranchOperation branch when branch.BranchKind == BranchKind.Continue:
                    output.Add(new Continue());
                    break;
                case IBranchOperation branch:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(branch.Syntax), "a goto statement", "jumps have no structure GradGen can reverse; use loops, break and continue");
                    break;
                case IEmptyOperation:
                    break;
                case IThrowOperation thrown:
                    LowerThrow(thrown, output);
                    break;
                case ILocalFunctionOperation localFunction:
                    Report(DiagnosticDescriptors.UnsupportedStatement, LocalFunctionLocation(localFunction.Syntax), "a local function", "generated code cannot call it; make it a method of the type (mark it [Differentiable] if it computes with differentiable values)");
                    break;
                case ITryOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a try statement", "exception handlers have no derivative GradGen can reverse; validate inputs before the computation instead");
                    LowerForDiagnosticsOnly(operation);
                    break;
                case ILockOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a lock statement", "a differentiable method must not synchronize on shared state; take the lock around the call instead");
                    LowerForDiagnosticsOnly(operation);
                    break;
                case IUsingOperation usingStatement:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a using statement", "resources have no derivatives; acquire them outside the differentiable method");
                    LowerForDiagnosticsOnly(usingStatement.Body); // not the resource: that is what is reported
                    break;
                case IUsingDeclarationOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a using statement", "resources have no derivatives; acquire them outside the differentiable method");
                    break;
                case ISwitchOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a switch statement", "rewrite it as if/else");
                    LowerForDiagnosticsOnly(operation);
                    break;
                case ILabeledOperation:
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "a labeled statement", "jumps have no structure GradGen can reverse; use loops, break and continue");
                    LowerForDiagnosticsOnly(operation);
                    break;
                default:
                    if (operation.Syntax is FixedStatementSyntax fixedStatement)
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, fixedStatement.FixedKeyword.GetLocation(), "a fixed statement", "pointers have no derivatives; use arrays or spans");
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(operation.Syntax), "this statement", "GradGen differentiates assignments, if/else, loops, break, continue, return and throw");
                    }

                    break;
            }
        }

        /// <summary>Lowers the statements nested in a statement GradGen rejects, only to report their own
        /// problems too (every problem at once); the result is discarded.</summary>
        private void LowerForDiagnosticsOnly(IOperation operation)
        {
            var discarded = new List<Stmt>();
            if (operation is IBlockOperation whole)
            {
                foreach (IOperation statement in whole.Operations) LowerStatement(statement, discarded);
                return;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                switch (child)
                {
                    case IBlockOperation block:
                        foreach (IOperation statement in block.Operations) LowerStatement(statement, discarded);
                        break;
                    case ICatchClauseOperation catchClause:
                        LowerForDiagnosticsOnly(catchClause.Handler);
                        break;
                    case ISwitchCaseOperation switchCase:
                        foreach (IOperation statement in switchCase.Body) LowerStatement(statement, discarded);
                        break;
                    case IVariableDeclarationGroupOperation or IExpressionStatementOperation or IConditionalOperation or ILoopOperation or IReturnOperation or IBranchOperation:
                        LowerStatement(child, discarded);
                        break;
                }
            }
        }

        private static Location KeywordLocation(SyntaxNode syntax)
        {
            // A squiggle on the keyword of a multi-line statement, not on its whole body.
            SyntaxToken first = syntax.GetFirstToken();
            return syntax.Span.Length > 0 && first.IsKeyword() && syntax is not ExpressionStatementSyntax
                ? first.GetLocation()
                : syntax.GetLocation();
        }

        private static Location LocalFunctionLocation(SyntaxNode syntax) =>
            syntax is LocalFunctionStatementSyntax local ? local.Identifier.GetLocation() : syntax.GetLocation();

        private void LowerDeclarator(IVariableDeclaratorOperation declarator, IVariableInitializerOperation? sharedInitializer, List<Stmt> output)
        {
            ILocalSymbol local = declarator.Symbol;
            if (local.IsConst)
            {
                return; // references to a const local are folded to its value
            }

            TypeRef? type = SymbolFacts.Classify(local.Type);
            if (type is null || local.IsRef)
            {
                _rejectedLocals.Add(local);
                Report(DiagnosticDescriptors.UnsupportedExpression, declarator.Syntax.GetLocation(), declarator.Syntax.ToString(),
                    local.IsRef ? "ref locals are not supported" : "locals of type '" + local.Type.ToDisplayString() + "' are not supported; use double, float, int, long, bool, or arrays and spans of them");
                return;
            }

            var variable = new Variable(_nextId++, local.Name, type.Value, VariableKind.Local);
            _variables[local] = variable;
            IOperation? initializer = declarator.Initializer?.Value ?? sharedInitializer?.Value;

            if (type.Value.IsSequence)
            {
                LowerLocalArray(declarator, variable, initializer, output);
                return;
            }

            if (initializer is null)
            {
                output.Add(new Declare(variable, null));
                return;
            }

            if (LowerExpression(initializer) is { } value)
            {
                output.Add(new Declare(variable, Hoist(value, output)));
            }
        }

        private void LowerLocalArray(IVariableDeclaratorOperation declarator, Variable variable, IOperation? initializer, List<Stmt> output)
        {
            string name = variable.Name;
            if (_loopDepth > 0 || _blockDepth > 0)
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name, "declare it at the top level of the method body, outside loops and branches, and reuse it");
                return;
            }

            IOperation? creation = initializer;
            while (creation is IConversionOperation { IsImplicit: true } conversion)
            {
                creation = conversion.Operand;
            }

            Expr? length = null;
            bool isStackalloc = false;
            if (creation is IArrayCreationOperation array && array.DimensionSizes.Length == 1 && array.Initializer is null)
            {
                length = LowerExpression(array.DimensionSizes[0]);
            }
            else if (creation?.Syntax is StackAllocArrayCreationExpressionSyntax && creation.ChildOperations.Count == 1)
            {
                isStackalloc = true;
                length = LowerExpression(creation.ChildOperations.First());
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name, "create it with new T[n] or stackalloc T[n] (without an initializer list); views of other arrays are not supported");
                return;
            }

            if (length is null) return;
            TypeRef type = variable.Type;
            if (isStackalloc && type.Shape == Shape.Array)
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), name, "a stackalloc buffer must be held in a Span");
                return;
            }

            output.Add(new Declare(variable, new NewArray(type, length, isStackalloc)));
        }

        private void LowerExpressionStatement(IOperation operation, List<Stmt> output)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment:
                    {
                        Expr? target = LowerTarget(assignment.Target);
                        Expr? value = LowerExpression(assignment.Value);
                        if (target is not null && value is not null)
                        {
                            output.Add(new Assign(target, Hoist(value, output)));
                        }

                        break;
                    }

                case ICompoundAssignmentOperation compound:
                    {
                        Expr? target = LowerTarget(compound.Target);
                        Expr? value = LowerExpression(compound.Value);
                        BinaryOp? op = MapBinary(compound.OperatorKind);
                        if (compound.OperatorMethod is not null || op is null || !compound.InConversion.IsIdentity || !compound.OutConversion.IsIdentity)
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, compound.Syntax.GetLocation(), compound.Syntax.ToString(), "this compound assignment is not supported; write it as x = x op y");
                            break;
                        }

                        if (target is not null && value is not null)
                        {
                            output.Add(new Assign(target, new Binary(op.Value, target, Hoist(value, output), target.Type)));
                        }

                        break;
                    }

                case IIncrementOrDecrementOperation increment:
                    {
                        Expr? target = LowerTarget(increment.Target);
                        if (target is null) break;
                        if (!target.Type.IsScalar || !(target.Type.IsReal || target.Type.IsInteger))
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, increment.Syntax.GetLocation(), increment.Syntax.ToString(), "only numbers can be incremented");
                            break;
                        }

                        Expr one = target.Type.IsReal ? RealConst.Of(1, target.Type.Scalar) : new IntConst(1, target.Type.Scalar);
                        BinaryOp op = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                        output.Add(new Assign(target, new Binary(op, target, one, target.Type)));
                        break;
                    }

                case IThrowOperation thrown:
                    LowerThrow(thrown, output);
                    break;
                case IInvocationOperation invocation when invocation.Type?.SpecialType == SpecialType.System_Void:
                    if (LowerCallForEffect(invocation) is { } call)
                    {
                        output.Add(new Evaluate(call));
                    }

                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (IOperation part in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (part is ILocalReferenceOperation { IsDeclaration: true } declared) _rejectedLocals.Add(declared.Local);
                    }

                    Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), operation.Syntax.ToString(), "deconstruction is not supported; assign each variable on its own");
                    break;
                default:
                    Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax.GetLocation(), "'" + Abbreviate(operation.Syntax) + "'", "an expression statement must be an assignment, an increment, or a call of a void method");
                    break;
            }
        }

        private Expr? LowerTarget(IOperation target)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    if (!_variables.TryGetValue(local.Local, out Variable? variable))
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "this local is not supported");
                        return null;
                    }

                    if (variable.Type.IsSequence)
                    {
                        Report(DiagnosticDescriptors.UnsupportedLocalArray, target.Syntax.GetLocation(), variable.Name, "it cannot be reassigned; assign its elements instead");
                        return null;
                    }

                    return new VarRef(variable);
                case IParameterReferenceOperation parameter:
                    {
                        Variable parameterVariable = _variables[parameter.Parameter];
                        if (parameter.Parameter.RefKind is RefKind.Ref or RefKind.Out)
                        {
                            Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "the " + (parameter.Parameter.RefKind == RefKind.Ref ? "ref" : "out") + " parameter '" + parameter.Parameter.Name + "'", "Return the value instead.");
                            return null;
                        }

                        if (!parameterVariable.Type.IsScalar || parameterVariable.Type.Scalar == ScalarKind.Other)
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "array, span and object parameters cannot be reassigned");
                            return null;
                        }

                        return new VarRef(parameterVariable);
                    }

                case IArrayElementReferenceOperation element when element.Indices.Length == 1:
                    return LowerElementTarget(element.ArrayReference, element.Indices[0], target);
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsSpanType(indexer.Property.ContainingType) && indexer.Arguments.Length == 1 && indexer.Instance is not null:
                    return LowerElementTarget(indexer.Instance, indexer.Arguments[0].Value, target);
                case IFieldReferenceOperation field:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), (field.Field.IsStatic ? "the static field '" : "the field '") + field.Field.Name + "'", "Compute into a local and return the value.");
                    return null;
                case IPropertyReferenceOperation property:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), (property.Property.IsStatic ? "the static property '" : "the property '") + property.Property.Name + "'", "Compute into a local and return the value.");
                    return null;
                default:
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "GradGen can assign locals, by-value parameters and elements of local arrays");
                    return null;
            }
        }

        private Expr? LowerElementTarget(IOperation sequence, IOperation index, IOperation target)
        {
            Expr? indexValue = LowerExpression(index);
            switch (sequence)
            {
                case ILocalReferenceOperation local when _variables.TryGetValue(local.Local, out Variable? variable) && variable.Type.IsSequence:
                    return indexValue is null ? null : new ElementAccess(new VarRef(variable), indexValue);
                case IParameterReferenceOperation parameter:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of the parameter '" + parameter.Parameter.Name + "', which belongs to the caller", "Copy it into a local buffer (stackalloc or new) and change that.");
                    return null;
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of '" + sequence.Syntax + "', which belongs to the object", "Copy it into a local buffer (stackalloc or new) and change that.");
                    return null;
                default:
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "GradGen can assign elements of local arrays and spans");
                    return null;
            }
        }

        private void LowerWhile(IWhileLoopOperation loop, List<Stmt> output)
        {
            if (loop.ConditionIsUntil)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "an until loop", "use while");
                return;
            }

            Expr? condition = loop.Condition is null ? null : LowerExpression(loop.Condition);
            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;
            if (loop.Condition is not null && condition is null) return;
            output.Add(new Loop(loop.ConditionIsTop ? LoopForm.While : LoopForm.DoWhile, Block.Empty, condition, body, Block.Empty));
        }

        private void LowerFor(IForLoopOperation loop, List<Stmt> output)
        {
            var initializer = new List<Stmt>();
            _blockDepth++;
            foreach (IOperation before in loop.Before)
            {
                LowerStatement(before, initializer);
            }

            Expr? condition = loop.Condition is null ? null : LowerExpression(loop.Condition);
            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            var increment = new List<Stmt>();
            foreach (IOperation bottom in loop.AtLoopBottom)
            {
                LowerStatement(bottom, increment);
            }

            _loopDepth--;
            _blockDepth--;
            if (loop.Condition is not null && condition is null) return;
            output.Add(new Loop(LoopForm.For, new Block(initializer.ToEquatableArray()), condition, body, new Block(increment.ToEquatableArray())));
        }

        private void LowerForEach(IForEachLoopOperation loop, List<Stmt> output)
        {
            IOperation collection = loop.Collection;
            while (collection is IConversionOperation { IsImplicit: true } conversion)
            {
                collection = conversion.Operand;
            }

            TypeRef? collectionType = SymbolFacts.Classify(collection.Type);
            if (collectionType is not { IsSequence: true } || loop.LoopControlVariable is not IVariableDeclaratorOperation control)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop",
                    "GradGen iterates arrays and spans of double, float, int, long or bool with a single loop variable; use a for loop over an index");
                return;
            }

            TypeRef? elementType = SymbolFacts.Classify(control.Symbol.Type);
            Expr? sequence = LowerExpression(collection);
            if (elementType is not { IsScalar: true } || sequence is null)
            {
                if (sequence is not null)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(loop.Syntax), "this foreach loop", "its loop variable must be a number");
                }

                return;
            }

            var initializer = new List<Stmt>();
            if (sequence is not VarRef)
            {
                var copy = new Variable(_nextId++, NextTempName("_sequence"), sequence.Type, VariableKind.Synthetic);
                initializer.Add(new Declare(copy, sequence));
                sequence = new VarRef(copy);
            }

            var index = new Variable(_nextId++, NextTempName("_i"), TypeRef.Int32, VariableKind.Synthetic);
            initializer.Add(new Declare(index, new IntConst(0, ScalarKind.Int32)));
            var element = new Variable(_nextId++, control.Symbol.Name, elementType.Value, VariableKind.Local);
            _variables[control.Symbol] = element;

            Expr current = new ElementAccess(sequence, new VarRef(index));
            if (current.Type != elementType.Value)
            {
                current = new Cast(current, elementType.Value, IsImplicit: true);
            }

            _loopDepth++;
            Block body = LowerEmbedded(loop.Body);
            _loopDepth--;

            var statements = new List<Stmt> { new Declare(element, current) };
            statements.AddRange(body.Statements);
            Expr condition = new Binary(BinaryOp.LessThan, new VarRef(index), new LengthOf(sequence), TypeRef.Boolean);
            Block increment = Block.Of(new Assign(new VarRef(index), new Binary(BinaryOp.Add, new VarRef(index), new IntConst(1, ScalarKind.Int32), TypeRef.Int32)));
            output.Add(new Loop(LoopForm.For, new Block(initializer.ToEquatableArray()), condition, new Block(statements.ToEquatableArray()), increment));
        }

        private void LowerThrow(IThrowOperation thrown, List<Stmt> output)
        {
            IOperation? exception = thrown.Exception;
            while (exception is IConversionOperation { IsImplicit: true } conversion)
            {
                exception = conversion.Operand;
            }

            if (exception is IObjectCreationOperation { Constructor: not null, Initializer: null, Type: not null } creation)
            {
                var arguments = new List<string>();
                bool allConstant = true;
                foreach (IArgumentOperation argument in creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
                {
                    string? text = argument.Value.ConstantValue.HasValue ? Literals.Constant(argument.Value.ConstantValue.Value) : null;
                    if (text is null || argument.ArgumentKind == ArgumentKind.ParamArray)
                    {
                        allConstant = false;
                        break;
                    }

                    arguments.Add(text);
                }

                if (allConstant)
                {
                    output.Add(new Throw("new " + creation.Type!.ToDisplayString(SymbolFacts.QualifiedFormat) + "(" + string.Join(", ", arguments) + ")"));
                    return;
                }
            }

            Report(DiagnosticDescriptors.UnsupportedStatement, KeywordLocation(thrown.Syntax), "this throw", "throw a new exception with constant arguments, such as throw new ArgumentException(\"message\", nameof(x))");
        }

        // ------------------------------------------------------------------ expressions

        private Expr? LowerExpression(IOperation operation)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (operation.ConstantValue.HasValue && ConstantOf(operation) is { } constant)
            {
                return constant;
            }

            switch (operation)
            {
                case IParameterReferenceOperation parameter:
                    return new VarRef(_variables[parameter.Parameter]);
                case ILocalReferenceOperation local:
                    if (_variables.TryGetValue(local.Local, out Variable? variable))
                    {
                        return new VarRef(variable);
                    }

                    // Already reported where it was declared.
                    if (_rejectedLocals.Contains(local.Local)) return null;
                    return Unsupported(operation, "locals declared inside expressions (out variables, patterns) are not supported");
                case IInstanceReferenceOperation:
                    return new ThisRef(_thisType);
                case IBinaryOperation binary:
                    return LowerBinary(binary);
                case IUnaryOperation unary:
                    return LowerUnary(unary);
                case IConversionOperation conversion:
                    return LowerConversion(conversion);
                case IInvocationOperation invocation:
                    return LowerInvocation(invocation);
                case IArrayElementReferenceOperation element:
                    {
                        if (element.Indices.Length != 1)
                        {
                            return Unsupported(operation, "multi-dimensional arrays are not supported; use a one-dimensional array with computed indices");
                        }

                        Expr? array = LowerExpression(element.ArrayReference);
                        Expr? index = LowerExpression(element.Indices[0]);
                        if (array is null || index is null) return null;
                        if (!array.Type.IsSequence) return Unsupported(operation, "arrays of this element type are not supported");
                        return new ElementAccess(array, index);
                    }

                case IPropertyReferenceOperation property:
                    return LowerPropertyRead(property);
                case IFieldReferenceOperation field:
                    return LowerFieldRead(field);
                case IConditionalOperation conditional when conditional.Type is not null && !conditional.IsRef && conditional.WhenFalse is not null:
                    {
                        Expr? condition = LowerExpression(conditional.Condition);
                        Expr? whenTrue = LowerExpression(conditional.WhenTrue);
                        Expr? whenFalse = LowerExpression(conditional.WhenFalse);
                        TypeRef? type = SymbolFacts.Classify(conditional.Type);
                        if (type is null) return Unsupported(operation, "conditional expressions of this type are not supported");
                        if (condition is null || whenTrue is null || whenFalse is null) return null;
                        return new Conditional(condition, whenTrue, whenFalse, type.Value);
                    }

                case IParenthesizedOperation parenthesized:
                    return LowerExpression(parenthesized.Operand);
                case IAnonymousFunctionOperation or IDelegateCreationOperation:
                    return Unsupported(operation, "lambdas are not supported in a differentiable method; write the computation inline or in a [Differentiable] method");
                case ISwitchExpressionOperation:
                    return Unsupported(operation, "switch expressions are not supported; use ?: or if/else");
                case IIsPatternOperation or IIsTypeOperation:
                    return Unsupported(operation, "pattern matching is not supported; use comparisons");
                case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                    return Unsupported(operation, "an assignment inside an expression is not supported; write it as its own statement");
                case IArrayCreationOperation:
                    return Unsupported(operation, "arrays can be created only to initialize a local declared at the top level of the method body");
                case IAwaitOperation:
                    return Unsupported(operation, "await is not supported in a differentiable method");
                case IObjectCreationOperation:
                    return Unsupported(operation, "objects cannot be created in a differentiable method; pass them in as parameters");
                default:
                    if (operation.Syntax is StackAllocArrayCreationExpressionSyntax)
                    {
                        return Unsupported(operation, "stackalloc can be used only to initialize a Span local declared at the top level of the method body");
                    }

                    if (operation.Syntax is PointerTypeSyntax || operation.Type is IPointerTypeSymbol)
                    {
                        return Unsupported(operation, "pointers have no derivatives; use arrays or spans");
                    }

                    return Unsupported(operation, "this kind of expression is not supported");
            }
        }

        private Expr? Unsupported(IOperation operation, string why)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), Abbreviate(operation.Syntax), why);
            return null;
        }

        private static string Abbreviate(SyntaxNode syntax)
        {
            string text = syntax.ToString().Replace("\r", " ").Replace("\n", " ");
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        private static Expr? ConstantOf(IOperation operation)
        {
            object? value = operation.ConstantValue.Value;
            TypeRef? type = SymbolFacts.Classify(operation.Type);
            if (type is null && value is string or char && operation.Type is not null && Literals.Constant(value) is { } text)
            {
                // A string or char constant, passed to a call: spelled as its literal.
                return new MemberRead(null, text, PassiveType(operation.Type));
            }

            if (type is not { IsScalar: true } t || value is null) return null;
            if (t.Scalar == ScalarKind.Other)
            {
                // An enum constant: spell it as the member it names when it names one.
                return operation is IFieldReferenceOperation { Field: { IsConst: true } member }
                    ? new MemberRead(null, member.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + EscapeIdentifier(member.Name), t)
                    : Literals.Constant(value) is { } number ? new MemberRead(null, "(" + t.ToCSharp() + ")(" + number + ")", t) : null;
            }

            switch (t.Scalar)
            {
                case ScalarKind.Double:
                case ScalarKind.Float:
                    {
                        double d = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                        RealConst constant = RealConst.Of(d, t.Scalar);
                        return NamedConstant(operation) is { } name ? constant with { Symbol = name } : constant;
                    }

                case ScalarKind.Int32:
                case ScalarKind.Int64:
                    return new IntConst(System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), t.Scalar);
                case ScalarKind.Boolean:
                    return value is bool b ? new BoolConst(b) : null;
                default:
                    return null;
            }
        }

        private static string? NamedConstant(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation is IFieldReferenceOperation { Field: { IsConst: true } field } && SymbolFacts.IsSystemMath(field.ContainingType)
                ? field.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + field.Name
                : null;
        }

        private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => BinaryOp.Add,
            BinaryOperatorKind.Subtract => BinaryOp.Subtract,
            BinaryOperatorKind.Multiply => BinaryOp.Multiply,
            BinaryOperatorKind.Divide => BinaryOp.Divide,
            BinaryOperatorKind.Remainder => BinaryOp.Remainder,
            BinaryOperatorKind.Equals => BinaryOp.Equals,
            BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
            BinaryOperatorKind.LessThan => BinaryOp.LessThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
            BinaryOperatorKind.ConditionalAnd => BinaryOp.AndAlso,
            BinaryOperatorKind.ConditionalOr => BinaryOp.OrElse,
            BinaryOperatorKind.And => BinaryOp.BitwiseAnd,
            BinaryOperatorKind.Or => BinaryOp.BitwiseOr,
            BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
            BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
            BinaryOperatorKind.RightShift => BinaryOp.RightShift,
            _ => null,
        };

        private Expr? LowerBinary(IBinaryOperation binary)
        {
            BinaryOp? op = MapBinary(binary.OperatorKind);
            TypeRef? type = SymbolFacts.Classify(binary.Type);
            if (binary.OperatorMethod is not null || op is null || type is not { IsScalar: true })
            {
                return Unsupported(binary, "this operator is not supported; GradGen differentiates arithmetic, comparisons and logic on numbers");
            }

            Expr? left = LowerExpression(binary.LeftOperand);
            Expr? right = LowerExpression(binary.RightOperand);
            if (left is null || right is null) return null;

            if (op is BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual
                && (left.Type.IsReal || right.Type.IsReal))
            {
                Pending(binary.Syntax.GetLocation(), DiagnosticDescriptors.PiecewiseComparison, null, new object[] { Abbreviate(binary.Syntax) }, left, right);
            }

            if (op is BinaryOp.BitwiseAnd or BinaryOp.BitwiseOr or BinaryOp.ExclusiveOr or BinaryOp.LeftShift or BinaryOp.RightShift && type.Value.IsReal)
            {
                return Unsupported(binary, "bitwise operators have no derivatives");
            }

            return new Binary(op.Value, left, right, type.Value);
        }

        private Expr? LowerUnary(IUnaryOperation unary)
        {
            TypeRef? type = SymbolFacts.Classify(unary.Type);
            if (unary.OperatorMethod is not null || type is not { IsScalar: true })
            {
                return Unsupported(unary, "this operator is not supported");
            }

            Expr? operand = LowerExpression(unary.Operand);
            if (operand is null) return null;
            return unary.OperatorKind switch
            {
                UnaryOperatorKind.Plus => operand,
                UnaryOperatorKind.Minus => new Unary(UnaryOp.Negate, operand, type.Value),
                UnaryOperatorKind.Not => new Unary(UnaryOp.Not, operand, type.Value),
                UnaryOperatorKind.BitwiseNegation when type.Value.IsInteger => new Unary(UnaryOp.BitwiseNot, operand, type.Value),
                _ => Unsupported(unary, "this operator is not supported"),
            };
        }

        private Expr? LowerConversion(IConversionOperation conversion)
        {
            TypeRef? to = SymbolFacts.Classify(conversion.Type);
            TypeRef? from = SymbolFacts.Classify(conversion.Operand.Type);

            // Arrays and spans convert to spans (through op_Implicit, or as C# 14's built-in span
            // conversions): a view of the same elements, not a copy.
            if (to is { IsSequence: true } target && from is { IsSequence: true } source && target.Scalar == source.Scalar
                && target.Shape is Shape.Span or Shape.ReadOnlySpan)
            {
                Expr? view = LowerExpression(conversion.Operand);
                return view is null ? null : new Cast(view, target, conversion.IsImplicit);
            }

            if (conversion.OperatorMethod is not null)
            {
                return Unsupported(conversion, "user-defined conversions are not supported");
            }

            // Enum <-> integer: constants either way.
            bool fromEnum = conversion.Operand.Type?.TypeKind == TypeKind.Enum, toEnum = conversion.Type?.TypeKind == TypeKind.Enum;
            if ((fromEnum || toEnum) && to is { IsScalar: true } enumTarget && from is { IsScalar: true }
                && (fromEnum ? enumTarget.IsInteger || toEnum : from.Value.IsInteger))
            {
                Expr? operand = LowerExpression(conversion.Operand);
                return operand is null ? null : new Cast(operand, enumTarget, conversion.IsImplicit);
            }

            CommonConversion kind = conversion.Conversion;
            if (kind.IsIdentity)
            {
                return LowerExpression(conversion.Operand);
            }

            if (kind.IsNumeric && to is { IsScalar: true } t && from is { IsScalar: true } f && t.Scalar != ScalarKind.Boolean && f.Scalar != ScalarKind.Boolean)
            {
                Expr? operand = LowerExpression(conversion.Operand);
                if (operand is null) return null;
                if (f.IsReal && t.IsInteger)
                {
                    Pending(conversion.Syntax.GetLocation(), DiagnosticDescriptors.ActiveValueConversion, null,
                        new object[] { Abbreviate(conversion.Operand.Syntax), conversion.Type!.ToDisplayString() }, operand);
                }

                return new Cast(operand, t, conversion.IsImplicit);
            }

            if (from is { IsReal: true })
            {
                // double -> decimal, object, ...: a derivative is lost when the value is differentiable;
                // a constant of such a type still cannot be computed with.
                Expr? operand = LowerExpression(conversion.Operand);
                if (operand is null) return null;
                string typeName = conversion.Type?.ToDisplayString() ?? "?";
                Pending(conversion.Syntax.GetLocation(), DiagnosticDescriptors.ActiveValueConversion, DiagnosticDescriptors.UnsupportedExpression,
                    new object[] { Abbreviate(conversion.Operand.Syntax), typeName }, operand);
                _constantArguments[_pending.Count - 1] = new object[] { Abbreviate(conversion.Syntax), "GradGen computes with double, float, int, long and bool; a value of type '" + typeName + "' is not supported" };
                return null;
            }

            // Report what is wrong inside first (a boxed differentiable value, say); then this conversion.
            if (LowerExpression(conversion.Operand) is null) return null;
            return Unsupported(conversion, "the conversion to '" + (conversion.Type?.ToDisplayString() ?? "?") + "' is not supported");
        }

        private static bool IsSpanType(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && (SymbolFacts.IsNamed(named.OriginalDefinition, "System.Span`1") || SymbolFacts.IsNamed(named.OriginalDefinition, "System.ReadOnlySpan`1"));

        private Expr? LowerPropertyRead(IPropertyReferenceOperation property)
        {
            IPropertySymbol symbol = property.Property;
            if (symbol.IsIndexer)
            {
                if (IsSpanType(symbol.ContainingType) && property.Instance is not null && property.Arguments.Length == 1)
                {
                    Expr? span = LowerExpression(property.Instance);
                    Expr? index = LowerExpression(property.Arguments[0].Value);
                    return span is null || index is null ? null : new ElementAccess(span, index);
                }

                return Unsupported(property, "indexers other than those of arrays and spans are not supported");
            }

            if (symbol.Name == "Length" && property.Instance is not null && SymbolFacts.Classify(property.Instance.Type) is { IsSequence: true })
            {
                Expr? sequence = LowerExpression(property.Instance);
                return sequence is null ? null : new LengthOf(sequence);
            }

            return LowerMemberRead(property, symbol.IsStatic, property.Instance, symbol.Name, symbol.ContainingType, property.Type);
        }

        private Expr? LowerFieldRead(IFieldReferenceOperation field) =>
            LowerMemberRead(field, field.Field.IsStatic, field.Instance, field.Field.Name, field.Field.ContainingType, field.Type);

        /// <summary>The IR type of a passive value: a computable type, or an opaque one GradGen only passes on
        /// (to a call, as a receiver).</summary>
        private static TypeRef PassiveType(ITypeSymbol type) =>
            SymbolFacts.Classify(type) ?? new TypeRef(ScalarKind.Other, Shape.Scalar, type.ToDisplayString(SymbolFacts.QualifiedFormat));

        private Expr? LowerMemberRead(IOperation operation, bool isStatic, IOperation? instance, string name, INamedTypeSymbol containingType, ITypeSymbol? type)
        {
            if (type is null || type.IsRefLikeType && SymbolFacts.Classify(type) is null || type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                return Unsupported(operation, "members of type '" + (type?.ToDisplayString() ?? "?") + "' are not supported");
            }

            TypeRef? resultType = PassiveType(type);

            if (isStatic || instance is null)
            {
                return new MemberRead(null, containingType.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + EscapeIdentifier(name), resultType.Value);
            }

            Expr? receiver = LowerExpression(instance);
            return receiver is null ? null : new MemberRead(receiver, EscapeIdentifier(name), resultType.Value);
        }

        private static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private List<(IArgumentOperation Argument, Expr? Value)>? LowerArguments(IInvocationOperation invocation)
        {
            var arguments = new List<(IArgumentOperation, Expr?)>();
            bool ok = true;
            foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    Unsupported(argument, "params arguments are not supported; pass an array");
                    ok = false;
                    continue;
                }

                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                {
                    Report(DiagnosticDescriptors.WriteOutsideMethod, argument.Syntax.GetLocation(), (argument.Parameter.RefKind == RefKind.Ref ? "a ref" : "an out") + " argument", "Calls may only take their arguments by value or 'in'.");
                    ok = false;
                    continue;
                }

                Expr? value = LowerExpression(argument.Value);
                ok &= value is not null;
                arguments.Add((argument, value));
            }

            return ok ? arguments : null;
        }

        private Expr? LowerInvocation(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.MethodKind is MethodKind.LocalFunction)
            {
                return Unsupported(invocation, "generated code cannot call a local function; make it a method of the type (mark it [Differentiable] if it computes with differentiable values)");
            }

            if (target.MethodKind is MethodKind.DelegateInvoke || target.MethodKind is MethodKind.FunctionPointerSignature)
            {
                return Unsupported(invocation, "calls through delegates have no derivative GradGen knows; call a [Differentiable] method directly");
            }

            if (target.ContainingType is { } type && SymbolFacts.IsNamed(type, SymbolFacts.GradientsTypeName) && target.Name == "WithoutDerivative" && invocation.Arguments.Length == 1)
            {
                // The user holds this value constant on purpose: what is inside needs no derivative, so
                // nothing inside it is reported as lacking one.
                _heldConstant++;
                Expr? held = LowerExpression(invocation.Arguments[0].Value);
                _heldConstant--;
                return held is null ? null : new StopGradient(held);
            }

            List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(invocation);
            if (arguments is null) return null;
            Expr[] args = arguments.Select(a => a.Value!).ToArray();

            if (SymbolFacts.ElementaryFunctionOwner(target.ContainingType) is { } owner && LowerIntrinsic(invocation, target, args, owner) is { } intrinsic)
            {
                return intrinsic;
            }

            if (SymbolFacts.IsDifferentiable(target))
            {
                return LowerDifferentiableCall(invocation, target, args);
            }

            return LowerOpaqueCall(invocation, target, args);
        }

        private Expr? LowerIntrinsic(IInvocationOperation invocation, IMethodSymbol target, Expr[] args, Owners owner)
        {
            TypeRef? type = SymbolFacts.Classify(target.ReturnType);
            if (type is not { IsScalar: true } resultType) return null;
            if (ElementaryFunctions.Find(target.Name, owner, args) is not { } function) return null;

            var call = new Call(function.Id, args.ToEquatableArray(), resultType);
            string display = target.ContainingType.Name + "." + target.Name;
            if (function.Smoothness == Smoothness.Step)
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.ZeroDerivative, null, new object[] { display }, args[0]);
            }
            else if (function.Smoothness == Smoothness.Kink)
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.Kink, null, new object[] { display }, args);
            }

            return call;
        }

        private Expr? LowerDifferentiableCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            IMethodSymbol callee = target.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(callee, _method.OriginalDefinition) || _calls.Reaches(callee, _method.OriginalDefinition, _cancellationToken))
            {
                Report(DiagnosticDescriptors.Recursion, invocation.Syntax.GetLocation(), _method.Name, target.Name);
                return null;
            }

            if (target.IsGenericMethod)
            {
                return Unsupported(invocation, "generic [Differentiable] methods are not supported");
            }

            // A callee compiled elsewhere (a referenced project or assembly) is differentiable when its
            // pullback was generated there; without one, it is a constant if it has no differentiable
            // parameters, and otherwise it had errors (or was not built with GradGen).
            CalleeStatus status = _calls.IsInSource(callee)
                ? _calls.Status(callee, _cancellationToken)
                : target.ContainingType.GetMembers(target.Name + "Pullback").Any(m => m is IMethodSymbol) ? CalleeStatus.Differentiable
                : target.Parameters.Any(SymbolFacts.IsDifferentiableParameter) ? CalleeStatus.Invalid
                : CalleeStatus.Constant;
            if (status == CalleeStatus.Invalid)
            {
                Report(DiagnosticDescriptors.CalleeHasErrors, invocation.Syntax.GetLocation(), target.Name);
                return null;
            }

            WarnOfArgumentsHeldConstant(invocation, target, args);
            if (status == CalleeStatus.Constant)
            {
                // No differentiable parameters: every argument it takes is held constant by its own
                // declaration, so its result is a constant here too.
                _heldConstant++;
                Expr? constant = BuildOpaqueCall(invocation, target, args, SymbolFacts.Classify(target.ReturnType) ?? TypeRef.Double);
                _heldConstant--;
                return constant;
            }

            TypeRef? resultType = SymbolFacts.Classify(target.ReturnType);
            if (resultType is not { IsReal: true })
            {
                return Unsupported(invocation, "the callee must return double or float");
            }

            Expr? receiver = null;
            string method;
            if (target.IsStatic)
            {
                method = target.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + target.Name;
            }
            else if (invocation.Instance is null or IInstanceReferenceOperation)
            {
                receiver = new ThisRef(_thisType);
                method = target.Name;
            }
            else
            {
                receiver = LowerExpression(invocation.Instance);
                if (receiver is null) return null;
                method = target.Name;
            }

            var parameters = new List<CalleeParameter>();
            bool ok = true;
            for (int i = 0; i < target.Parameters.Length; i++)
            {
                IParameterSymbol p = target.Parameters[i];
                bool differentiable = SymbolFacts.IsDifferentiableParameter(p);
                TypeRef type = SymbolFacts.ClassifyParameter(p.Type);
                parameters.Add(new CalleeParameter(p.Name, type, differentiable));
                if (differentiable && type.IsSequence && i < args.Length && !IsSequenceVariable(args[i]))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax.GetLocation(),
                        Abbreviate(invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax), "pass an array or span parameter or local here, so that its derivative has a place to go");
                    ok = false;
                }
            }

            if (!ok) return null;
            var call = new DiffCall(receiver, method, parameters.ToEquatableArray(), args.ToEquatableArray(), resultType.Value);
            _callLocations.Add((call, invocation.Syntax.GetLocation()));
            return call;
        }

        /// <summary>GG1006 at each argument that varies with the differentiable parameters but goes to a parameter
        /// the callee marks [NoDerivative]: nothing is held constant without a word.</summary>
        private void WarnOfArgumentsHeldConstant(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } p || p.Ordinal >= args.Length || !SymbolFacts.HasNoDerivative(p)) continue;
                if (!SymbolFacts.IsDifferentiableType(SymbolFacts.Classify(p.Type))) continue;
                Pending(argument.Value.Syntax.GetLocation(), DiagnosticDescriptors.ArgumentHeldConstant, null,
                    new object[] { Abbreviate(argument.Value.Syntax), target.Name, p.Name }, args[p.Ordinal]);
            }
        }

        private static bool IsSequenceVariable(Expr e) => e switch
        {
            VarRef v => v.Type.IsSequence,
            Cast c => IsSequenceVariable(c.Operand),
            _ => false,
        };

        private Expr? LowerOpaqueCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            if (target.ReturnsByRef || target.ReturnsByRefReadonly || target.ReturnType.IsRefLikeType && SymbolFacts.Classify(target.ReturnType) is null
                || target.ReturnType is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                return Unsupported(invocation, "calls returning '" + target.ReturnType.ToDisplayString() + "' are not supported");
            }

            return BuildOpaqueCall(invocation, target, args, PassiveType(target.ReturnType));
        }

        private Expr? LowerCallForEffect(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.MethodKind is MethodKind.LocalFunction or MethodKind.DelegateInvoke || SymbolFacts.IsDifferentiable(target))
            {
                return Unsupported(invocation, "this call has no effect GradGen can reproduce");
            }

            List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(invocation);
            if (arguments is null) return null;
            return BuildOpaqueCall(invocation, target, arguments.Select(a => a.Value!).ToArray(), new TypeRef(ScalarKind.Other, Shape.Scalar, "void"));
        }

        private Expr? BuildOpaqueCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args, TypeRef resultType)
        {
            Expr? receiver = null;
            string method;
            string typeArguments = target.IsGenericMethod
                ? "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(SymbolFacts.QualifiedFormat))) + ">"
                : string.Empty;
            if (target.IsStatic || invocation.Instance is null)
            {
                method = target.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + EscapeIdentifier(target.Name) + typeArguments;
            }
            else if (invocation.Instance is IInstanceReferenceOperation)
            {
                receiver = new ThisRef(_thisType);
                method = EscapeIdentifier(target.Name) + typeArguments;
            }
            else
            {
                receiver = LowerExpression(invocation.Instance);
                if (receiver is null) return null;
                method = EscapeIdentifier(target.Name) + typeArguments;
            }

            var dependsOn = new List<Expr>(args);
            if (receiver is not null) dependsOn.Add(receiver);
            string display = target.ContainingType.Name + "." + target.Name;
            if (resultType.IsReal || resultType.IsRealSequence)
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.CallWithoutDerivative, null, new object[] { display }, dependsOn.ToArray());
            }
            else if (resultType.IsInteger || resultType.Scalar == ScalarKind.Other && resultType.OtherName != "void"
                || SymbolFacts.IsNamed(target.ContainingType, "System.BitConverter") || SymbolFacts.IsNamed(target.ContainingType, "System.Convert"))
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.ActiveValueConversion, null,
                    new object[] { Abbreviate(invocation.Syntax), target.ReturnType.ToDisplayString() }, dependsOn.ToArray());
            }

            return new OpaqueCall(receiver, method, args.ToEquatableArray(), resultType, IsKnownPure(target));
        }

        /// <summary>Methods with no effect but their result: slicing a span, Math and MathF, the static
        /// helpers of primitive types (double.IsNaN, int.Max, ...).</summary>
        private static bool IsKnownPure(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            if (SymbolFacts.IsSystemMath(type)) return true;
            if (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Boolean)
            {
                return method.IsStatic;
            }

            return method.Name == "Slice" && type.IsGenericType
                && (SymbolFacts.IsNamed(type.OriginalDefinition, "System.Span`1") || SymbolFacts.IsNamed(type.OriginalDefinition, "System.ReadOnlySpan`1"));
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
                        if (conditional)
                        {
                            ReportConditionalCall(call);
                            return hoisted;
                        }

                        string baseName = "_" + char.ToLowerInvariant(MethodName(call.Method)[0]) + MethodName(call.Method).Substring(1);
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
                default:
                    return e;
            }
        }

        private readonly List<(DiffCall Call, Location Location)> _callLocations = new();

        private void ReportConditionalCall(DiffCall call)
        {
            int index = _callLocations.FindIndex(c => ReferenceEquals(c.Call, call));
            if (index < 0) return;
            Location location = _callLocations[index].Location;
            _callLocations.RemoveAt(index);
            Report(DiagnosticDescriptors.UnsupportedExpression, location, MethodName(call.Method) + "(...)",
                "a call to a [Differentiable] method inside ?:, && or || is evaluated only sometimes; assign it to a local in an if statement instead");
        }

        private static string MethodName(string method)
        {
            int dot = method.LastIndexOf('.');
            return dot < 0 ? method : method.Substring(dot + 1);
        }

        private string NextTempName(string baseName)
        {
            _tempCounters.TryGetValue(baseName, out int n);
            _tempCounters[baseName] = n + 1;
            return baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location, arguments));

        private void Pending(Location location, DiagnosticDescriptor whenVaried, DiagnosticDescriptor? whenConstant, object[] arguments, params Expr[] dependsOn)
        {
            if (_heldConstant > 0 && whenConstant is null) return;
            _pending.Add(new PendingCheck(location, _heldConstant > 0 ? whenConstant! : whenVaried, whenConstant, arguments, dependsOn));
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
        }
    }
}
