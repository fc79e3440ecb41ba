package dev.prodaudit.probe.source;

import static dev.prodaudit.probe.source.WebRulesKit.at;
import static dev.prodaudit.probe.source.WebRulesKit.judge;
import static dev.prodaudit.probe.source.WebRulesKit.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Register, reset-password and change-password routes of small Express apps (CommonJS, ES modules, TypeScript;
 * routers, validators, controllers and models in their own files), each validating the password one real way.
 */
class PasswordPolicyTest {

    private static final String CJS_APP = """
            const express = require('express');
            const authRoutes = require('./routes/auth');
            const app = express();
            app.use(express.json());
            app.use('/api/auth', authRoutes);
            module.exports = app;
            """;

    private static final String VALIDATE = """
            const { validationResult } = require('express-validator');
            module.exports = function validate(req, res, next) {
              const errors = validationResult(req);
              if (!errors.isEmpty()) return res.status(400).json({ errors: errors.array() });
              next();
            };
            """;

    private static final String CJS_ROUTES = """
            const express = require('express');
            const { registerRules, resetRules } = require('../validators/auth');
            const validate = require('../middleware/validate');
            const authController = require('../controllers/auth');
            const router = express.Router();
            router.post('/login', authController.login);
            router.post('/register', registerRules, validate, authController.register);
            router.post('/reset-password/:token', resetRules, validate, authController.resetPassword);
            module.exports = router;
            """;

    private static final String CONTROLLER = """
            const User = require('../models/user');
            exports.login = async (req, res) => res.json({});
            exports.register = async (req, res) => { const user = await User.create(req.body); res.status(201).json({ id: user.id }); };
            exports.resetPassword = async (req, res) => res.json({});
            """;

    private static final String USER_MODEL = """
            const mongoose = require('mongoose');
            const userSchema = new mongoose.Schema({ email: String, password: { type: String, required: true } });
            module.exports = mongoose.model('User', userSchema);
            """;

    @Test
    void expressValidatorRulesInTheirOwnFilePassForRegisterAndReset() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/app.js", CJS_APP, "src/routes/auth.js", CJS_ROUTES, "src/middleware/validate.js", VALIDATE,
                "src/controllers/auth.js", CONTROLLER, "src/models/user.js", USER_MODEL,
                "src/validators/auth.js", """
                        const { body } = require('express-validator');
                        const STRONG = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[^A-Za-z0-9]).+$/;
                        exports.registerRules = [
                          body('email').isEmail(),
                          body('password').isStrongPassword().withMessage('too weak'),
                        ];
                        exports.resetRules = [
                          body('password').isLength({ min: 8, max: 128 }).matches(STRONG),
                          body('confirmPassword').isLength({ min: 1 }),
                        ];
                        """));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals(List.of("PASS src/routes/auth.js:7", "PASS src/routes/auth.js:8"), verdicts(o));
        assertTrue(at(o, "src/routes/auth.js:7").message().contains(
                "POST /api/auth/register (src/routes/auth.js:7): password checked by express-validator"
                        + " body('password') isStrongPassword (src/validators/auth.js:5)"), o.findings().toString());
        assertTrue(at(o, "src/routes/auth.js:8").message().contains("isLength 8, matches (src/validators/auth.js:8)"),
                o.findings().toString());
    }

    @Test
    void loweredIsStrongPasswordOptionsAndAMissingValidationResultFail() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/app.js", CJS_APP, "src/controllers/auth.js", CONTROLLER, "src/models/user.js", USER_MODEL,
                "src/middleware/validate.js", "module.exports = (req, res, next) => next();\n",
                "src/routes/auth.js", CJS_ROUTES,
                "src/validators/auth.js", """
                        const { body } = require('express-validator');
                        const options = { minLength: 6, minSymbols: 0 };
                        exports.registerRules = [body('password').isStrongPassword(options)];
                        exports.resetRules = [body('password').isStrongPassword()];
                        """));
        assertEquals(Status.FAIL, o.status(), o.evidence());
        String register = at(o, "src/routes/auth.js:7").message();
        // validate() never reads validationResult: neither chain rejects anything
        assertTrue(register.contains("is never enforced: nothing on the route reads validationResult(req)"), register);
        assertTrue(register.contains("lacks at least 8 characters, a lower-case letter"), register);
        assertEquals(Status.FAIL, at(o, "src/routes/auth.js:8").status());
    }

    @Test
    void isStrongPasswordWithLoweredOptionsNamesWhatIsMissing() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/app.js", CJS_APP, "src/controllers/auth.js", CONTROLLER, "src/models/user.js", USER_MODEL,
                "src/middleware/validate.js", VALIDATE, "src/routes/auth.js", CJS_ROUTES,
                "src/validators/auth.js", """
                        const { body } = require('express-validator');
                        const options = { minLength: 6, minSymbols: 0 };
                        exports.registerRules = [body('password').isStrongPassword(options)];
                        exports.resetRules = [body('password').isStrongPassword({ returnScore: true })];
                        """));
        String register = at(o, "src/routes/auth.js:7").message();
        assertEquals(Status.FAIL, at(o, "src/routes/auth.js:7").status(), register);
        assertTrue(register.contains("lacks at least 8 characters, a symbol;"), register);
        assertTrue(register.contains("minLength: 6 lowers the default 8"), register);
        assertTrue(register.contains("minSymbols: 0 lowers the default 1"), register);
        assertTrue(at(o, "src/routes/auth.js:8").message().contains("returnScore: true makes it return a score"));
    }

    @Test
    void esModulesWithAZodSchemaParsedInTheControllerPass() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/server.mjs", """
                        import express from 'express';
                        import { authRouter } from './routes/auth.mjs';
                        const app = express();
                        app.use('/api/auth', authRouter);
                        export default app;
                        """,
                "src/routes/auth.mjs", """
                        import { Router } from 'express';
                        import * as auth from '../controllers/auth.mjs';
                        export const authRouter = Router();
                        authRouter.post('/signup', auth.signup);
                        authRouter.put('/password', auth.changePassword);
                        """,
                "src/controllers/auth.mjs", """
                        import { signupSchema, passwordSchema } from '../schemas/auth.mjs';
                        export async function signup(req, res) {
                          const data = signupSchema.parse(req.body);
                          res.status(201).json({ email: data.email });
                        }
                        export async function changePassword(req, res) {
                          const newPassword = passwordSchema.parse(req.body.newPassword);
                          res.json({ ok: Boolean(newPassword) });
                        }
                        """,
                "src/schemas/auth.mjs", """
                        import { z } from 'zod';
                        export const passwordSchema = z.string().min(8)
                          .regex(/[A-Z]/, 'one upper-case letter')
                          .regex(/[a-z]/, 'one lower-case letter')
                          .regex(/[0-9]/, 'one digit')
                          .regex(/[^A-Za-z0-9]/, 'one symbol');
                        export const signupSchema = z.object({ email: z.string().email(), password: passwordSchema });
                        """));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals(List.of("PASS src/routes/auth.mjs:4", "PASS src/routes/auth.mjs:5"), verdicts(o));
        assertTrue(at(o, "src/routes/auth.mjs:5").message().startsWith("PUT /api/auth/password"));
        assertTrue(at(o, "src/routes/auth.mjs:4").message().contains("zod passwordSchema min 8, regex (src/schemas/auth.mjs:2)"),
                o.findings().toString());
    }

    @Test
    void aZodSchemaWithLengthAndALooseCharacterSetFailsNamingTheMissingParts() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/server.mjs", """
                        import express from 'express';
                        import { z } from 'zod';
                        const app = express();
                        const signup = z.object({ password: z.string().min(8).regex(/^[A-Za-z0-9!@#$%]+$/) });
                        app.post('/api/auth/register', (req, res) => { signup.parse(req.body); res.sendStatus(201); });
                        """));
        Finding f = at(o, "src/server.mjs:5");
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.message().contains("lacks a lower-case letter, an upper-case letter, a digit, a symbol;"
                + " checked by zod password min 8, regex (src/server.mjs:4)"), f.message());
    }

    @Test
    void typeScriptServiceTestingAStrongRegexAcrossThreeFilesPasses() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/app.ts", """
                        import express, { Request, Response } from 'express';
                        import { AuthService } from './services/auth.service';
                        const app = express();
                        app.post('/api/users/register', async (req: Request, res: Response) => {
                          await AuthService.register(req.body.email, req.body.password);
                          res.sendStatus(201);
                        });
                        export default app;
                        """,
                "src/services/auth.service.ts", """
                        import { assertStrongPassword } from '../utils/password';
                        export const AuthService = {
                          async register(email: string, password: string): Promise<void> {
                            assertStrongPassword(password);
                          },
                        };
                        """,
                "src/utils/password.ts", """
                        const STRONG_PASSWORD = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[\\W_]).{8,}$/;
                        export function assertStrongPassword(password: string): void {
                          if (!STRONG_PASSWORD.test(password)) {
                            throw new Error('Password must have 8+ characters, upper and lower case, a digit and a symbol');
                          }
                        }
                        """));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(at(o, "src/app.ts:4").message().contains("tested on password (src/utils/password.ts:3)"),
                o.findings().toString());
    }

    @Test
    void typeScriptWithOnlyAMongooseMinlengthCoversTheLengthOnly() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/app.ts", """
                        import express from 'express';
                        import { User } from './models/user';
                        const app = express();
                        app.post('/api/auth/register', async (req, res) => { await User.create(req.body); res.sendStatus(201); });
                        app.post('/api/auth/change-password', async (req, res) => { res.sendStatus(204); });
                        """,
                "src/models/user.ts", """
                        import mongoose, { Schema } from 'mongoose';
                        const userSchema = new Schema({
                          email: { type: String, required: true },
                          password: { type: String, required: true, minlength: 8 },
                        });
                        export const User = mongoose.model('User', userSchema);
                        """));
        assertEquals(Status.FAIL, o.status());
        String register = at(o, "src/app.ts:4").message();
        assertTrue(register.contains("lacks a lower-case letter, an upper-case letter, a digit, a symbol;"
                + " checked by schema path password minlength 8 (src/models/user.ts:4)"), register);
        assertTrue(at(o, "src/app.ts:5").message().contains("POST /api/auth/change-password (src/app.ts:5): no"
                + " server-side password validation"), o.findings().toString());
    }

    @Test
    void joiInARouterMiddlewareAndALengthComparisonInTheHandler() {
        Outcome o = judge("passwordPolicy", Map.of(
                "src/index.js", """
                        const express = require('express');
                        const Joi = require('joi');
                        const app = express();
                        const router = express.Router();
                        const schema = Joi.object({ password: Joi.string().min(10).pattern(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[!@#$%^&*]).*$/) });
                        const check = (s) => (req, res, next) => { const { error } = s.validate(req.body); if (error) return res.status(400).end(); next(); };
                        router.post('/password/reset', check(schema), (req, res) => res.end());
                        router.patch('/account/password', (req, res) => {
                          if (req.body.password.length < 6) return res.status(400).end();
                          res.end();
                        });
                        app.use('/api', router);
                        """));
        assertEquals(Status.PASS, at(o, "src/index.js:7").status(), o.findings().toString());
        Finding change = at(o, "src/index.js:8");
        assertEquals(Status.FAIL, change.status());
        assertTrue(change.message().contains("a length of 6 is accepted (src/index.js:9)"), change.message());
    }

    @Test
    void anAppWithoutARegisterRouteIsAWarningNotAPass() {
        Outcome o = judge("passwordPolicy", Map.of("src/app.js", """
                const express = require('express');
                const app = express();
                app.post('/api/auth/login', (req, res) => res.json({}));
                """));
        assertEquals(Status.WARN, o.status());
        assertTrue(o.evidence().contains("no register, reset-password or change-password route found among the 1 routes"));
    }
}
