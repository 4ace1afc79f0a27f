const port = process.env.PORT || 8080;
require("express")().listen(port);
