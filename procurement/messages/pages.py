"""Words of the web pages (api/pages, api/templates): navigation, forms, buttons and their messages; and of the
accounts of the people who use them (`procurement users`, api/accounts.py: "account_*")."""

from __future__ import annotations

from procurement.messages.entry import Entries

PAGES: Entries = {
    "language": ("Idioma", "Language"),
    "spanish": ("Español", "Spanish"),
    "english": ("Inglés", "English"),
    # the frame of every page
    "product": ("Compras consolidadas de medicamentos", "Consolidated medicine purchases"),
    "skip_to_content": ("Saltar al contenido", "Skip to content"),
    "signed_in_as": ("Sesión de", "Signed in as"),
    "api_docs": ("API para sistemas (ERP)", "API for systems (ERP)"),
    "role_coordinator": ("Coordinación", "Coordinator"),
    "role_institution": ("Institución", "Institution"),
    "role_auditor": ("Auditoría", "Auditor"),
    # signing in and out
    "sign_in": ("Ingresar", "Sign in"),
    "sign_in_title": ("Ingrese con su usuario", "Sign in with your user"),
    "sign_in_intro": (
        "Use el usuario y la contraseña que le dio la unidad coordinadora.",
        "Use the username and password the coordinating unit gave you.",
    ),
    "username": ("Usuario", "Username"),
    "password": ("Contraseña", "Password"),
    "sign_in_failed": (
        "El usuario o la contraseña no son correctos.",
        "The username or the password is not correct.",
    ),
    "sign_in_throttled": (
        "Demasiados intentos fallidos con este usuario. Espere {minutes} min e intente de nuevo.",
        "Too many failed attempts with this username. Wait {minutes} min and try again.",
    ),
    "sign_out": ("Salir", "Sign out"),
    "signed_out": ("Cerró su sesión.", "You have signed out."),
    # the landing page
    "purchases": ("Compras", "Purchases"),
    "purchases_intro_coordinator": (
        "Las compras consolidadas de su unidad coordinadora.",
        "The consolidated purchases of your coordinating unit.",
    ),
    "purchases_intro_institution": (
        "Las compras consolidadas en las que participa {institution}.",
        "The consolidated purchases {institution} takes part in.",
    ),
    "purchases_intro_auditor": ("Todas las compras consolidadas.", "Every consolidated purchase."),
    "purchases_none": ("Todavía no hay compras que pueda ver.", "There are no purchases you can see yet."),
    "purchases_shown": ("Se muestran {shown} de {total} compras.", "{shown} of {total} purchases are shown."),
    "purchase_id": ("Núm.", "No."),
    "purchase_name": ("Compra", "Purchase"),
    "currency": ("Moneda", "Currency"),
    "version": ("Versión", "Version"),
    "updated_at": ("Última modificación", "Last changed"),
    # error pages
    "error_title": ("No se pudo completar la solicitud", "The request could not be completed"),
    "error_csrf_title": ("Formulario rechazado", "Form refused"),
    "error_csrf_detail": (
        "El formulario no traía su código de seguridad, o el código ya no corresponde a su sesión. Vuelva a abrir "
        "la página y envíe el formulario de nuevo.",
        "The form did not carry its security code, or the code no longer matches your session. Open the page "
        "again and send the form once more.",
    ),
    "error_403_title": ("Sin permiso", "Not allowed"),
    "error_403_detail": ("Su usuario no puede hacer esto.", "Your user may not do this."),
    "error_404_title": ("Página no encontrada", "Page not found"),
    "error_404_detail": (
        "La página no existe o su usuario no puede verla.",
        "The page does not exist or your user cannot see it.",
    ),
    "error_server_title": ("Error del servidor", "Server error"),
    "error_server_detail": (
        "Ocurrió un error inesperado; quedó registrado. Intente de nuevo en unos minutos.",
        "An unexpected error happened; it has been logged. Try again in a few minutes.",
    ),
    "back_home": ("Volver al inicio", "Back to the start"),
    # accounts (`procurement users …`)
    "account_scope_role": ("el rol {role} no es uno de {roles}", "role {role} is not one of {roles}"),
    "account_scope_institution_needed": (
        "un usuario o llave de institución necesita --institution (el institution_id para el que actúa, p. ej. IMSS)",
        "an institution user or key needs --institution (the institution_id it acts for, e.g. IMSS)",
    ),
    "account_scope_institution_only": (
        "--institution es solo para usuarios y llaves de institución",
        "--institution is only for institution users and keys",
    ),
    "account_scope_coordinator_only": (
        "--coordinator es solo para usuarios y llaves de coordinación",
        "--coordinator is only for coordinator users and keys",
    ),
    "account_password_too_short": (
        "la contraseña debe tener al menos {length} caracteres",
        "the password must have at least {length} characters",
    ),
    "account_exists": ("ya existe el usuario {username}", "user {username} already exists"),
    "account_unknown": ("no existe el usuario {username}", "there is no user {username}"),
    "account_exists_kept": (
        "el usuario {username} ya existe y se deja como está (`procurement users reset-password {username}` le da "
        "una contraseña nueva)",
        "user {username} already exists and is left as it is (`procurement users reset-password {username}` gives "
        "it a new password)",
    ),
    "account_created": ("usuario {username} creado con el rol {role}", "user {username} created with the role {role}"),
    "account_password_set": (
        "el usuario {username} tiene una contraseña nueva; sus sesiones abiertas terminaron",
        "user {username} has a new password; its open sessions have ended",
    ),
    "account_disabled": (
        "el usuario {username} quedó deshabilitado: ya no puede ingresar y sus sesiones abiertas terminaron",
        "user {username} is disabled: it can no longer sign in and its open sessions have ended",
    ),
    "account_no_terminal": (
        "no hay una terminal donde pedir la contraseña: use --password-stdin o --generate-password",
        "there is no terminal to ask for the password: use --password-stdin or --generate-password",
    ),
    "account_prompt": ("Contraseña: ", "Password: "),
    "account_prompt_again": ("Repita la contraseña: ", "Password again: "),
    "account_passwords_differ": ("las dos contraseñas no coinciden", "the two passwords do not match"),
    "account_generated": (
        "contraseña generada; se muestra solo esta vez, guárdela en un lugar seguro:",
        "generated password; it is shown only this once, keep it safe:",
    ),
}
